package org.splitfuse.core.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.graph.Slice;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.prune.KeepMostImportant;
import org.splitfuse.core.prune.MagnitudeImportance;
import org.splitfuse.core.prune.Networks;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;

/** REPAIR after pruning: every surviving channel gets the statistics of the original channel(s) it stands for. */
class PruneRepairTest {

    private static final InputShape MNIST = InputShape.of(1, 28, 28);
    private static final double TOLERANCE = 2e-3;

    /** Every group keeps its even channels (half of them), BatchNorms unfolded: default pruning's kind of map (LeastSquaresRefitTest's too). */
    static Map<Integer, ChannelMap> evenChannels(ChannelGroups groups) {
        Map<Integer, ChannelMap> maps = new LinkedHashMap<>();
        for (ChannelGroup g : groups.all()) {
            int[] kept = new int[(g.size() + 1) / 2];
            for (int j = 0; j < kept.length; j++) {
                kept[j] = 2 * j;
            }
            maps.put(g.id(), ChannelMap.selection(g.size(), kept));
        }
        return maps;
    }

    @Test
    void afterDefaultPruningEveryKeptChannelHasItsOriginalMeanAndStd() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, MNIST, 0.25, 3);
        INDArray samples = Networks.input(MNIST, 32, 7);
        Map<Integer, ChannelMap> maps = evenChannels(ChannelGroups.of(net));
        ComputationGraph pruned = NetworkSurgery.apply(net, ChannelGroups.of(net), maps);
        ComputationGraph repaired = ActivationRepair.afterPruning(net, maps, pruned, samples, ActivationRepair.Target.MEASURED);

        ComputationGraph original = BatchNormFolding.fold(net);
        double worstBefore = 0;
        int checked = 0;
        for (ChannelGroup g : ChannelGroups.of(repaired).all()) {
            ChannelGroup was = ChannelGroups.of(original).get(g.id());
            for (Slice writer : g.producers()) {
                double[][] goal = moments(original, was, writer.vertex(), samples);
                double[][] got = moments(BatchNormFolding.fold(repaired), g, writer.vertex(), samples);
                double[][] unrepaired = moments(BatchNormFolding.fold(pruned), g, writer.vertex(), samples);
                int[] kept = maps.get(g.id()).kept();
                for (int j = 0; j < kept.length; j++) {
                    double mean = goal[0][kept[j]];
                    double std = goal[1][kept[j]];
                    assertEquals(mean, got[0][j], TOLERANCE * (1 + Math.abs(mean)), writer.vertex() + " channel " + j + " mean");
                    assertEquals(std, got[1][j], TOLERANCE * (1 + std), writer.vertex() + " channel " + j + " std");
                    worstBefore = Math.max(worstBefore, Math.abs(unrepaired[1][j] - std) / (1 + std));
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " channels checked");
        assertTrue(worstBefore > 0.05, "pruning alone should change some channel's std, worst relative change " + worstBefore);
        // the classifier's logits get the original's per-class mean and std
        double[][] goal = logitMoments(original, samples);
        double[][] got = logitMoments(repaired, samples);
        for (int k = 0; k < goal[0].length; k++) {
            assertEquals(goal[0][k], got[0][k], TOLERANCE * (1 + Math.abs(goal[0][k])), "class " + k + " logit mean");
            assertEquals(goal[1][k], got[1][k], TOLERANCE * (1 + goal[1][k]), "class " + k + " logit std");
        }
        // the correction went into the BatchNorms' gamma and beta: the network is still unfolded
        String norm = ChannelGroups.of(repaired).all().get(0).norms().get(0).vertex();
        assertFalse(BatchNormFolding.isFolded(repaired, norm), norm + " should not be in identity form");
    }

    @Test
    void afterAMergeEachChannelHasItsClustersWeightedMeanAndStd() {
        ComputationGraph net = BatchNormFolding.fold(Networks.zoo(ModelFamily.RESNET18, MNIST, 0.25, 4));
        INDArray samples = Networks.input(MNIST, 16, 8);
        ChannelGroups groups = ChannelGroups.of(net);
        // channels 2j and 2j+1 merge into j, weighted 1 : 3 on the producer side (as an OT plan's row would be)
        Map<Integer, ChannelMap> maps = new LinkedHashMap<>();
        for (ChannelGroup g : groups.all()) {
            int m = g.size() / 2;
            double[][] producer = new double[m][g.size()];
            double[][] consumer = new double[m][g.size()];
            for (int j = 0; j < m; j++) {
                producer[j][2 * j] = 0.5;
                producer[j][2 * j + 1] = 1.5;
                consumer[j][2 * j] = 1;
                consumer[j][2 * j + 1] = 1;
            }
            maps.put(g.id(), ChannelMap.merging(producer, consumer));
        }
        ComputationGraph pruned = NetworkSurgery.apply(net, groups, maps);
        ComputationGraph repaired = ActivationRepair.afterPruning(net, maps, pruned, samples, ActivationRepair.Target.MEASURED);

        int checked = 0;
        double worstBefore = 0;
        for (ChannelGroup g : ChannelGroups.of(repaired).all()) {
            for (Slice writer : g.producers()) {
                double[][] goal = moments(net, groups.get(g.id()), writer.vertex(), samples);
                double[][] got = moments(repaired, g, writer.vertex(), samples);
                double[][] unrepaired = moments(pruned, g, writer.vertex(), samples);
                for (int j = 0; j < g.size(); j++) {
                    double mean = 0.25 * goal[0][2 * j] + 0.75 * goal[0][2 * j + 1];
                    double std = 0.25 * goal[1][2 * j] + 0.75 * goal[1][2 * j + 1];
                    assertEquals(mean, got[0][j], TOLERANCE * (1 + Math.abs(mean)), writer.vertex() + " channel " + j + " mean");
                    assertEquals(std, got[1][j], TOLERANCE * (1 + std), writer.vertex() + " channel " + j + " std");
                    worstBefore = Math.max(worstBefore, Math.abs(unrepaired[1][j] - std) / (1 + std));
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " channels checked");
        assertTrue(worstBefore > 0.05, "merging alone should change some channel's std, worst relative change " + worstBefore);
    }

    @Test
    void batchNormTargetGivesEachKeptChannelItsBatchNormsBetaAndGamma() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, MNIST, 0.25, 5);
        INDArray samples = Networks.input(MNIST, 32, 9);
        Map<Integer, ChannelMap> maps = evenChannels(ChannelGroups.of(net));
        ComputationGraph pruned = NetworkSurgery.apply(net, ChannelGroups.of(net), maps);
        ComputationGraph repaired = ActivationRepair.afterPruning(net, maps, pruned, samples, ActivationRepair.Target.BATCHNORM);

        ComputationGraph folded = BatchNormFolding.fold(repaired);
        int checked = 0;
        for (ChannelGroup g : ChannelGroups.of(repaired).all()) {
            for (Slice norm : g.norms()) {
                String writer = NetworkGraph.of(net).node(norm.vertex()).inputs().get(0);
                double[] gamma = net.getLayer(norm.vertex()).getParam("gamma").toDoubleVector();
                double[] beta = net.getLayer(norm.vertex()).getParam("beta").toDoubleVector();
                double[][] got = moments(folded, g, writer, samples);
                int[] kept = maps.get(g.id()).kept();
                for (int j = 0; j < kept.length; j++) {
                    assertEquals(beta[kept[j]], got[0][j], TOLERANCE, norm.vertex() + " channel " + j + " mean");
                    assertEquals(Math.abs(gamma[kept[j]]), got[1][j], TOLERANCE, norm.vertex() + " channel " + j + " std");
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " channels checked");
    }

    @Test
    void prunerWithRepairRepairsEveryStepAgainstItsOwnMaps() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, MNIST, 0.25, 6);
        INDArray samples = Networks.input(MNIST, 16, 10);
        ComputationGraph viaPruner = Pruner.keepMostImportant(MagnitudeImportance.l1())
                .withRepair(samples, ActivationRepair.Target.MEASURED).prune(net, PruningPlan.allGroups(0.5));

        ChannelGroups groups = ChannelGroups.of(net);
        Map<Integer, ChannelMap> maps = new LinkedHashMap<>();
        for (ChannelGroup g : groups.all()) {
            double[] scores = MagnitudeImportance.l1().score(net, g);
            maps.put(g.id(), new KeepMostImportant().map(net, g, scores, PruningPlan.keepCount(g.size(), 0.5)));
        }
        ComputationGraph direct = ActivationRepair.afterPruning(net, maps, NetworkSurgery.apply(net, groups, maps), samples,
                ActivationRepair.Target.MEASURED);
        INDArray x = Networks.input(MNIST, 4, 11);
        INDArray expected = Networks.logits(direct, x);
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(viaPruner, x)) <= 1e-5 * (1 + Networks.maxAbs(expected)));
        ComputationGraph plain = Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(net, PruningPlan.allGroups(0.5));
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(plain, x)) > 1e-3 * Networks.maxAbs(expected),
                "without samples the pruner should not repair");
    }

    /** {mean[], std[]} per class of the pre-softmax logits. */
    private static double[][] logitMoments(ComputationGraph net, INDArray samples) {
        double[][] rows = Networks.logits(net, samples).transpose().toDoubleMatrix();
        return momentsOf(rows);
    }

    /** {mean[], std[]} of one writer's pre-activations in a folded network (ActivationRepairTest's too). */
    static double[][] moments(ComputationGraph folded, ChannelGroup group, String writer, INDArray samples) {
        return momentsOf(PreActivations.ofWriter(folded, NetworkGraph.of(folded), group, writer, folded.feedForward(samples, false)));
    }

    private static double[][] momentsOf(double[][] rows) {
        double[][] out = new double[2][rows.length];
        for (int c = 0; c < rows.length; c++) {
            double s = 0;
            for (double v : rows[c]) {
                s += v;
            }
            out[0][c] = s / rows[c].length;
            double q = 0;
            for (double v : rows[c]) {
                q += (v - out[0][c]) * (v - out[0][c]);
            }
            out[1][c] = Math.sqrt(q / rows[c].length);
        }
        return out;
    }
}
