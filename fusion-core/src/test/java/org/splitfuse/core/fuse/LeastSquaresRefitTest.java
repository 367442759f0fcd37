package org.splitfuse.core.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.Slice;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.prune.Networks;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;

/** Least-squares refit after pruning: exact where the pruned network can still compute the original. */
class LeastSquaresRefitTest {

    private static final InputShape MNIST = InputShape.of(1, 28, 28);

    /**
     * A network whose every odd channel duplicates the even one before it (producer row, bias and
     * BatchNorm alike) computes, after keeping only the even channels, the original exactly when each
     * consumer adds the dropped twin's weights to the kept one's: a fit that finds those weights
     * reproduces the original logits, on inputs it never saw; pruning alone does not.
     */
    @Test
    void recoversTheOriginalWhenTheDroppedChannelsDuplicateTheKeptOnes() {
        assertRecovered(Networks.zoo(ModelFamily.SMALL_CNN, MNIST, 0.5, 11), 600);
    }

    /** The same on ResNet18: residual adds, strided 3x3 and 1x1 shortcut convolutions writing one group. */
    @Test
    void recoversTheOriginalThroughResidualAddsAndShortcuts() {
        assertRecovered(Networks.zoo(ModelFamily.RESNET18, MNIST, 0.25, 5), 256);
    }

    /** Twins every group's odd channels, keeps the even ones, refits on {@code samples} inputs, compares on others. */
    private static void assertRecovered(ComputationGraph zoo, int samples) {
        ComputationGraph net = withTwins(zoo);
        ChannelGroups groups = ChannelGroups.of(net);
        Map<Integer, ChannelMap> maps = PruneRepairTest.evenChannels(groups);
        ComputationGraph pruned = NetworkSurgery.apply(net, groups, maps);
        ComputationGraph refit = ActivationRepair.afterPruning(net, maps, pruned, Networks.input(MNIST, samples, 5),
                ActivationRepair.Target.LEAST_SQUARES);
        INDArray unseen = Networks.input(MNIST, 64, 99);
        INDArray goal = Networks.logits(net, unseen);
        double scale = Networks.maxAbs(goal);
        double refitError = Networks.maxAbsDiff(goal, Networks.logits(refit, unseen));
        double prunedError = Networks.maxAbsDiff(goal, Networks.logits(pruned, unseen));
        assertTrue(refitError < 2e-2 * scale, "refit logits differ by " + refitError + " (logit scale " + scale + ")");
        assertTrue(prunedError > 0.2 * scale, "pruning alone should change the logits, by " + prunedError);
    }

    /** On an unpruned network the fit is the network itself, and an unfolded BatchNorm stays unfolded. */
    @Test
    void leavesAnUnprunedNetworkAsItIsInItsOwnForm() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, MNIST, 0.25, 3);
        ComputationGraph refit = ActivationRepair.afterPruning(net, Map.of(), net.clone(), Networks.input(MNIST, 128, 7),
                ActivationRepair.Target.LEAST_SQUARES);
        INDArray unseen = Networks.input(MNIST, 32, 8);
        INDArray goal = Networks.logits(net, unseen);
        double error = Networks.maxAbsDiff(goal, Networks.logits(refit, unseen));
        assertTrue(error < 1e-2 * Networks.maxAbs(goal), "logits moved by " + error);
        for (ChannelGroup g : ChannelGroups.of(refit).all()) {
            for (Slice norm : g.norms()) {
                assertFalse(BatchNormFolding.isFolded(refit, norm.vertex()), norm.vertex() + " was folded");
            }
        }
    }

    /**
     * After fusion the goal is the parents' weighted average pre-activation: with two parents that
     * are the same network, a per-channel rescaled copy of it (a different function, representable
     * exactly) is refit back to that network, on inputs the fit never saw (1,000 samples: more than the
     * 785 unknowns of the dense layer, so the fit is determined).
     */
    @Test
    void afterFusionRefitsTowardTheParentsAveragePreActivations() {
        ComputationGraph parent = BatchNormFolding.fold(Networks.zoo(ModelFamily.SMALL_CNN, MNIST, 0.5, 4));
        ComputationGraph broken = ActivationRepairTest.rescaled(parent, 6);
        INDArray unseen = Networks.input(MNIST, 32, 3);
        INDArray goal = Networks.logits(parent, unseen);
        double scale = Networks.maxAbs(goal);
        assertTrue(Networks.maxAbsDiff(goal, Networks.logits(broken, unseen)) > 0.2 * scale, "the rescaled copy should differ");
        ComputationGraph refit = ActivationRepair.apply(broken, java.util.List.of(parent, parent), new double[] {0.25, 0.75},
                Networks.input(MNIST, 1000, 2), ActivationRepair.Target.LEAST_SQUARES);
        double error = Networks.maxAbsDiff(goal, Networks.logits(refit, unseen));
        assertTrue(error < 2e-2 * scale, "refit logits differ by " + error + " (logit scale " + scale + ")");
    }

    /** Every odd channel of every group made a copy of the even one before it. */
    private static ComputationGraph withTwins(ComputationGraph net) {
        for (ChannelGroup g : ChannelGroups.of(net).all()) {
            for (Slice s : g.slices()) {
                Layer layer = net.getLayer(s.vertex());
                switch (s.role()) {
                    case PRODUCER -> {
                        INDArray w = layer.getParam("W");
                        if (w.rank() == 4) {
                            double[][] rows = w.reshape('c', w.size(0), w.length() / w.size(0)).toDoubleMatrix();
                            twinRows(rows, s.offset(), g.size());
                            layer.setParam("W", Nd4j.createFromArray(rows).castTo(w.dataType()).reshape('c', w.shape()));
                        } else {
                            double[][] cols = w.transpose().toDoubleMatrix();
                            twinRows(cols, s.offset(), g.size());
                            layer.setParam("W", Nd4j.createFromArray(cols).castTo(w.dataType()).transpose().dup('c'));
                        }
                        if (layer.paramTable().containsKey("b")) {
                            twinVector(layer, "b", s.offset(), g.size());
                        }
                    }
                    case NORM -> {
                        for (String p : new String[] {"gamma", "beta", "mean", "var"}) {
                            twinVector(layer, p, s.offset(), g.size());
                        }
                    }
                    case CONSUMER -> {
                        // the readers' weights stay as they are
                    }
                }
            }
        }
        return net;
    }

    private static void twinRows(double[][] rows, int offset, int size) {
        for (int j = 0; j + 1 < size; j += 2) {
            rows[offset + j + 1] = rows[offset + j].clone();
        }
    }

    private static void twinVector(Layer layer, String name, int offset, int size) {
        INDArray p = layer.getParam(name);
        double[] v = p.toDoubleVector();
        for (int j = 0; j + 1 < size; j += 2) {
            v[offset + j + 1] = v[offset + j];
        }
        layer.setParam(name, Nd4j.createFromArray(v).castTo(p.dataType()).reshape(p.shape()));
    }
}
