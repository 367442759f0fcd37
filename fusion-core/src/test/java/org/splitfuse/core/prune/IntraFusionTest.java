package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;

class IntraFusionTest {

    private static final IntraFusionOptions PRESERVING = IntraFusionOptions.defaults()
            .withMode(IntraFusionOptions.MergeMode.PRESERVING);
    private static final IntraFusionOptions PAPER = IntraFusionOptions.defaults()
            .withMode(IntraFusionOptions.MergeMode.PAPER);
    private static final IntraFusionOptions RESCALED = IntraFusionOptions.defaults()
            .withMode(IntraFusionOptions.MergeMode.RESCALED);

    /** conv (channels) -> BN -> ReLU -> conv (5) -> flatten -> dense (4) -> output (3). */
    private static ComputationGraph convNetwork(int channels) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.IDENTITY).build(), "in")
                .addLayer("a.bn", new BatchNormalization.Builder().useLogStd(false).build(), "a")
                .addLayer("a.relu", new ActivationLayer(Activation.RELU), "a.bn")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.RELU).build(), "a.relu")
                .addLayer("fc", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(5, 5, 2))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Networks.randomiseBatchNorms(net, 3);
        return net;
    }

    /** Makes out-channel {@code copy} of conv "a" (weights, bias, BatchNorm) an exact duplicate of {@code of}. */
    private static void duplicate(ComputationGraph net, int copy, int of) {
        INDArray w = net.getLayer("a").getParam("W");
        INDArray edited = w.dup('c');
        edited.get(NDArrayIndex.point(copy)).assign(edited.get(NDArrayIndex.point(of)).dup());
        w.assign(edited);
        INDArray b = net.getLayer("a").getParam("b");
        b.putScalar(copy, b.getDouble(of));
        for (String key : new String[] {"gamma", "beta", "mean", "var"}) {
            INDArray p = net.getLayer("a.bn").getParam(key);
            p.putScalar(copy, p.getDouble(of));
        }
    }

    private static ChannelGroup groupOf(ChannelGroups groups, String producer) {
        return groups.all().stream().filter(g -> g.producers().get(0).vertex().equals(producer)).findFirst().orElseThrow();
    }

    private static double relativeDiff(INDArray expected, INDArray actual) {
        return Networks.maxAbsDiff(expected, actual) / Math.max(1, Networks.maxAbs(expected));
    }

    private static INDArray logitsAfter(ComputationGraph net, ChannelMapSource source, String producer, double[] importance,
                                        int keep, INDArray x) {
        ComputationGraph prepared = source.prepare(net);
        ChannelGroups groups = ChannelGroups.of(prepared);
        ChannelGroup g = groupOf(groups, producer);
        ChannelMap map = source.map(prepared, g, importance, keep);
        return Networks.logits(NetworkSurgery.apply(prepared, groups, Map.of(g.id(), map)), x);
    }

    @Test
    void mergingAnExactDuplicateAwayInPreservingModeKeepsTheOutputs() {
        ComputationGraph net = convNetwork(2);
        duplicate(net, 1, 0);
        INDArray x = Networks.input(InputShape.of(2, 5, 5), 6, 4);
        INDArray original = Networks.logits(net, x);
        double[] importance = {1.0, 0.5}; // keep channel 0, merge its duplicate 1 into it
        double preserving = relativeDiff(original, logitsAfter(net, new IntraFusion(PRESERVING), "a", importance, 1, x));
        double dropped = relativeDiff(original, logitsAfter(net, new KeepMostImportant(), "a", importance, 1, x));
        double paper = relativeDiff(original, logitsAfter(net, new IntraFusion(PAPER), "a", importance, 1, x));
        double rescaled = relativeDiff(original, logitsAfter(net, new IntraFusion(RESCALED), "a", importance, 1, x));
        assertTrue(preserving < 1e-5, "preserving mode changed the outputs by " + preserving);
        assertTrue(rescaled < 1e-5, "a copy's scale is 1, so the rescaled merge is exact too; changed by " + rescaled);
        assertTrue(dropped > 1e-3, "default pruning should lose the duplicate's contribution, changed by " + dropped);
        assertTrue(paper > 1e-3, "paper mode sums the pair (doubling its activation), changed by " + paper);
    }

    @Test
    void duplicatesInEqualNumbersMergeExactlyWithUniformMarginals() {
        // with uniform marginals a target can take exactly the mass of its copies only when every
        // target has the same number of them: 3 pairs -> 3 survivors
        ComputationGraph net = convNetwork(6);
        duplicate(net, 3, 0);
        duplicate(net, 4, 1);
        duplicate(net, 5, 2);
        INDArray x = Networks.input(InputShape.of(2, 5, 5), 6, 5);
        double[] importance = {1.0, 0.9, 0.8, 0.3, 0.2, 0.1};
        for (IntraFusionOptions options : new IntraFusionOptions[] {PRESERVING, RESCALED}) {
            double diff = relativeDiff(Networks.logits(net, x), logitsAfter(net, new IntraFusion(options), "a", importance, 3, x));
            assertTrue(diff < 1e-5, options.mode() + ": changed by " + diff);
        }
    }

    /** Every group mapped by Intra-Fusion onto all of its own channels (m = n). */
    private static ComputationGraph fusedOntoItself(ComputationGraph net, IntraFusionOptions options) {
        IntraFusion fusion = new IntraFusion(options);
        ComputationGraph prepared = fusion.prepare(net);
        ChannelGroups groups = ChannelGroups.of(prepared);
        Map<Integer, ChannelMap> maps = new java.util.LinkedHashMap<>();
        for (ChannelGroup g : groups.all()) {
            maps.put(g.id(), fusion.map(prepared, g, MagnitudeImportance.l1().score(prepared, g), g.size()));
        }
        return NetworkSurgery.apply(prepared, groups, maps);
    }

    @Test
    void theIdentityTargetReturnsTheOriginalNetwork() {
        for (ModelFamily family : new ModelFamily[] {ModelFamily.VGG11_BN, ModelFamily.RESNET18}) {
            ComputationGraph net = Networks.zoo(family, InputShape.of(3, 32, 32), 0.25, 4);
            INDArray x = Networks.input(InputShape.of(3, 32, 32), 3, 6);
            INDArray original = Networks.logits(net, x);
            for (IntraFusionOptions options : new IntraFusionOptions[] {PRESERVING, PAPER, RESCALED}) {
                double diff = relativeDiff(original, Networks.logits(fusedOntoItself(net, options), x));
                assertTrue(diff < 1e-5, family + " " + options.mode() + ": changed by " + diff);
            }
        }
    }

    @Test
    void theIdentityTargetReturnsTheOriginalConcatenatingNetwork() {
        ComputationGraph net = NetworkSurgeryTest.concatNetwork();
        INDArray x = Networks.input(InputShape.of(3, 6, 6), 4, 2);
        double diff = relativeDiff(Networks.logits(net, x), Networks.logits(fusedOntoItself(net, PRESERVING), x));
        assertTrue(diff < 1e-5, "changed by " + diff);
    }

    @Test
    void mergeCoefficientsAverageForProducersAndSplitForConsumers() {
        // 3 sources, 2 targets, uniform marginals 1/3 and 1/2: source 1 is split between both targets
        double[][] plan = {{1.0 / 3, 0}, {1.0 / 6, 1.0 / 6}, {0, 1.0 / 3}};
        double[] mu = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        double[] nu = {0.5, 0.5};
        ChannelMap preserving = IntraFusion.mergeMap(plan, mu, nu, IntraFusionOptions.MergeMode.PRESERVING);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0}, preserving.producer()[0], 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 0}, preserving.consumer()[0], 1e-12);
        ChannelMap paper = IntraFusion.mergeMap(plan, mu, nu, IntraFusionOptions.MergeMode.PAPER);
        assertArrayEquals(new double[] {0, 0.5, 1}, paper.producer()[1], 1e-12);
        assertArrayEquals(paper.producer()[1], paper.consumer()[1], 0);
    }

    @Test
    void intraFusionPrunesEveryGroupOfAResnetInAnIterativeSchedule() {
        ComputationGraph net = Networks.zoo(ModelFamily.RESNET18, InputShape.of(3, 32, 32), 0.25, 2);
        Pruner pruner = new Pruner(MagnitudeImportance.l1(), new IntraFusion(PRESERVING));
        List<ComputationGraph> afterEachStep = new ArrayList<>();
        ComputationGraph pruned = pruner.prune(net, PruningPlan.allGroups(0.5).withSteps(2), (step, steps, n) -> {
            afterEachStep.add(n);
            return n;
        });
        assertEquals(2, afterEachStep.size());
        assertEquals(NetworkSurgeryTest.resnetParams(new int[] {12, 24, 48, 96}, 3, 10), afterEachStep.get(0).numParams());
        assertEquals(NetworkSurgeryTest.resnetParams(new int[] {8, 16, 32, 64}, 3, 10), pruned.numParams());
        // the schedule is two merges, each from the previous step's network: 16 -> 12 channels
        // (sparsity 0.25 of the original), then 12 -> 8 (1/3 of what is left)
        ComputationGraph byHand = pruner.prune(pruner.prune(net, PruningPlan.allGroups(0.25)), PruningPlan.allGroups(1.0 / 3));
        INDArray x = Networks.input(InputShape.of(3, 32, 32), 2, 1);
        double schedule = relativeDiff(Networks.logits(byHand, x), Networks.logits(pruned, x));
        assertTrue(schedule < 1e-6, "the 2-step schedule differs from the steps done by hand by " + schedule);
        // and a merge, not the identity: the network computes something else than before
        assertTrue(relativeDiff(Networks.logits(net, x), Networks.logits(pruned, x)) > 1e-3);
    }

    @Test
    void kmeansTargetsAndSinkhornAlsoGiveWellFormedNetworks() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, InputShape.of(3, 32, 32), 0.25, 2);
        for (IntraFusionOptions options : new IntraFusionOptions[] {
            PRESERVING.withTargets(IntraFusionOptions.Targets.KMEANS),
            PRESERVING.withSinkhorn(0.05),
            PRESERVING.withMarginals(IntraFusionOptions.Marginals.IMPORTANCE, IntraFusionOptions.Marginals.IMPORTANCE)}) {
            ComputationGraph pruned = new Pruner(MagnitudeImportance.l1(), new IntraFusion(options))
                    .prune(net, PruningPlan.group(1, 0.5));
            assertEquals(64, ChannelGroups.of(pruned).get(1).size());
            INDArray logits = Networks.logits(pruned, Networks.input(InputShape.of(3, 32, 32), 2, 1));
            assertTrue(Double.isFinite(logits.sumNumber().doubleValue()), options.toString());
        }
    }
}
