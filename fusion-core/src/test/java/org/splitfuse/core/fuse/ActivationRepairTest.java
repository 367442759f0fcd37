package org.splitfuse.core.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.Slice;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;
import org.splitfuse.core.prune.Networks;

class ActivationRepairTest {

    private static final InputShape CIFAR = InputShape.of(3, 32, 32);

    /** Every channel of every group scaled by its own positive factor on the producer side only: a different function. */
    static ComputationGraph rescaled(ComputationGraph folded, long seed) {
        ChannelGroups groups = ChannelGroups.of(folded);
        Random random = new Random(seed);
        Map<Integer, ChannelMap> maps = new LinkedHashMap<>();
        for (ChannelGroup g : groups.all()) {
            double[][] producer = new double[g.size()][g.size()];
            double[][] consumer = new double[g.size()][g.size()];
            for (int c = 0; c < g.size(); c++) {
                producer[c][c] = 0.3 + 2.7 * random.nextDouble();
                consumer[c][c] = 1;
            }
            maps.put(g.id(), ChannelMap.merging(producer, consumer));
        }
        return NetworkSurgery.apply(folded, groups, maps);
    }

    @Test
    void perChannelRescalingOfEveryWriterIsUndoneExactly() {
        ComputationGraph original = BatchNormFolding.fold(Networks.zoo(ModelFamily.RESNET18, CIFAR, 0.25, 3));
        ComputationGraph broken = rescaled(original, 5);
        INDArray x = Networks.input(CIFAR, 4, 1);
        INDArray expected = Networks.logits(original, x);
        double before = Networks.maxAbsDiff(expected, Networks.logits(broken, x)) / Networks.maxAbs(expected);
        assertTrue(before > 1e-2, "the rescaled copy should compute something else, differs by " + before);

        ComputationGraph repaired = ActivationRepair.apply(broken, List.of(original), new double[] {1}, Networks.input(CIFAR, 32, 2));
        double after = Networks.maxAbsDiff(expected, Networks.logits(repaired, x)) / Networks.maxAbs(expected);
        assertTrue(after < 1e-4, "REPAIR should restore the original function, differs by " + after);
    }

    @Test
    void everyWriterGetsTheParentsAverageMeanAndStandardDeviation() {
        ComputationGraph a = BatchNormFolding.fold(Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.25, 1));
        ComputationGraph b = BatchNormFolding.fold(Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.25, 2));
        double[] weights = {0.25, 0.75};
        INDArray samples = Networks.input(CIFAR, 24, 4);
        ComputationGraph repaired = ActivationRepair.apply(VanillaAverage.of(List.of(a, b), weights), List.of(a, b), weights, samples);

        ChannelGroups groups = ChannelGroups.of(repaired);
        int checked = 0;
        for (ChannelGroup g : groups.all()) {
            for (Slice writer : g.producers()) {
                double[][] ma = moments(a, g, writer.vertex(), samples);
                double[][] mb = moments(b, g, writer.vertex(), samples);
                double[][] mr = moments(repaired, g, writer.vertex(), samples);
                for (int c = 0; c < g.size(); c++) {
                    double mean = weights[0] * ma[0][c] + weights[1] * mb[0][c];
                    double std = weights[0] * ma[1][c] + weights[1] * mb[1][c];
                    assertEquals(mean, mr[0][c], 1e-3 * (1 + Math.abs(mean)), writer.vertex() + " channel " + c + " mean");
                    assertEquals(std, mr[1][c], 1e-3 * (1 + std), writer.vertex() + " channel " + c + " std");
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " channels checked");
    }

    @Test
    void tooFewSamplesAreRefused() {
        ComputationGraph a = BatchNormFolding.fold(Networks.zoo(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 0.25, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationRepair.apply(a, List.of(a), new double[] {1}, Networks.input(InputShape.of(1, 28, 28), 1, 1)));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    /** {mean[], std[]} of one writer's pre-activations. */
    private static double[][] moments(ComputationGraph net, ChannelGroup group, String writer, INDArray samples) {
        return PruneRepairTest.moments(net, group, writer, samples);
    }
}
