package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;
import org.splitfuse.core.surgery.BatchNormFolding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;

class NetworkSurgeryTest {

    private static final InputShape FASHION = InputShape.of(1, 28, 28);
    private static final InputShape CIFAR = InputShape.of(3, 32, 32);

    /** Two branches concatenated, then a convolution, a flatten and a dense layer. */
    static ComputationGraph concatNetwork() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build(), "in")
                .addLayer("b.bn", new BatchNormalization.Builder().useLogStd(false).build(), "b")
                .addLayer("b.relu", new ActivationLayer(Activation.RELU), "b.bn")
                .addVertex("cat", new MergeVertex(), "a", "b.relu")
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.RELU).build(), "cat")
                .addLayer("fc", new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build(), "c")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(6, 6, 3))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Networks.randomiseBatchNorms(net, 5);
        return net;
    }

    private static int[] dropped(int n, int[] kept) {
        boolean[] keep = new boolean[n];
        for (int k : kept) {
            keep[k] = true;
        }
        return java.util.stream.IntStream.range(0, n).filter(c -> !keep[c]).toArray();
    }

    /** Prunes every group at the sparsity and checks the result against the masked original. */
    private static ComputationGraph assertPruningEqualsMasking(ComputationGraph net, InputShape shape, double sparsity) {
        ChannelGroups groups = ChannelGroups.of(net);
        Importance l1 = MagnitudeImportance.l1();
        Map<Integer, ChannelMap> maps = new LinkedHashMap<>();
        ComputationGraph masked = net;
        for (ChannelGroup g : groups.all()) {
            int[] kept = KeepMostImportant.topIndices(l1.score(net, g), PruningPlan.keepCount(g.size(), sparsity));
            maps.put(g.id(), ChannelMap.selection(g.size(), kept));
            masked = Networks.masked(masked, g, dropped(g.size(), kept));
        }
        ComputationGraph pruned = NetworkSurgery.apply(net, groups, maps);
        INDArray x = shape == null ? Networks.input(InputShape.of(3, 6, 6), 5, 2) : Networks.input(shape, 5, 2);
        INDArray expected = Networks.logits(masked, x);
        double diff = Networks.maxAbsDiff(expected, Networks.logits(pruned, x));
        assertTrue(diff <= 1e-4 * Math.max(1, Networks.maxAbs(expected)), "pruned differs from masked by " + diff);
        return pruned;
    }

    @Test
    void prunedNetworksComputeWhatTheMaskedOriginalsCompute() {
        assertPruningEqualsMasking(Networks.zoo(ModelFamily.SMALL_CNN, FASHION, 1.0, 3), FASHION, 0.5);
        assertPruningEqualsMasking(Networks.zoo(ModelFamily.MLP, FASHION, 0.25, 3), FASHION, 0.3);
        assertPruningEqualsMasking(Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.25, 3), CIFAR, 0.5);
        assertPruningEqualsMasking(Networks.zoo(ModelFamily.RESNET18, CIFAR, 0.25, 3), CIFAR, 0.7);
        ComputationGraph concat = assertPruningEqualsMasking(concatNetwork(), null, 0.5);
        assertEquals(2 + 3, ((ConvolutionLayer) concat.getLayer("c").conf().getLayer()).getNIn(),
                "c reads the kept channels of both branches");
    }

    @Test
    void sparsityZeroLeavesOutputsUnchanged() {
        for (ModelFamily family : new ModelFamily[] {ModelFamily.VGG11_BN, ModelFamily.RESNET18}) {
            ComputationGraph net = Networks.zoo(family, CIFAR, 0.25, 4);
            ComputationGraph same = Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(net, PruningPlan.allGroups(0));
            INDArray x = Networks.input(CIFAR, 3, 1);
            assertEquals(net.numParams(), same.numParams());
            assertEquals(0.0, Networks.maxAbsDiff(Networks.logits(net, x), Networks.logits(same, x)), 1e-6, family.toString());
        }
    }

    @Test
    void aDenseOneHotMapAfterFoldingEqualsTheSelection() {
        ComputationGraph folded = BatchNormFolding.fold(Networks.zoo(ModelFamily.RESNET18, CIFAR, 0.25, 6));
        ChannelGroups groups = ChannelGroups.of(folded);
        Map<Integer, ChannelMap> selections = new LinkedHashMap<>();
        Map<Integer, ChannelMap> dense = new LinkedHashMap<>();
        for (ChannelGroup g : groups.all()) {
            int[] kept = KeepMostImportant.topIndices(MagnitudeImportance.l2().score(folded, g), g.size() / 2);
            ChannelMap selection = ChannelMap.selection(g.size(), kept);
            selections.put(g.id(), selection);
            dense.put(g.id(), ChannelMap.merging(selection.producer(), selection.consumer()));
        }
        INDArray x = Networks.input(CIFAR, 3, 8);
        INDArray a = Networks.logits(NetworkSurgery.apply(folded, groups, selections), x);
        INDArray b = Networks.logits(NetworkSurgery.apply(folded, groups, dense), x);
        assertTrue(Networks.maxAbsDiff(a, b) <= 1e-4 * Math.max(1, Networks.maxAbs(a)));
    }

    /**
     * The published code folds with sqrt(var) and leaves var at 1, so each BatchNorm still divides by
     * sqrt(1 + eps); a merging map passes through such a BatchNorm (one scale for all channels).
     */
    @Test
    void paperCodeFoldingLeavesThePublishedCodesBatchNormsAndMergesPassThem() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.25, 4);
        ComputationGraph folded = BatchNormFolding.fold(net, BatchNormFolding.Variant.PAPER_CODE);
        // the same function unfolded: var' + eps = var (1 + eps), beta' = beta / sqrt(1 + eps)
        ComputationGraph same = net.clone();
        for (var node : org.splitfuse.core.graph.NetworkGraph.of(net).nodes()) {
            if (node.kind() == org.splitfuse.core.graph.LayerKind.BATCH_NORM) {
                double eps = ((BatchNormalization) node.layer()).getEps();
                var p = same.getLayer(node.name()).paramTable();
                p.get("var").muli(1 + eps).subi(eps);
                p.get("beta").divi(Math.sqrt(1 + eps));
                assertEquals(1.0, folded.getLayer(node.name()).getParam("var").minNumber().doubleValue(), 0);
                assertEquals(1.0, folded.getLayer(node.name()).getParam("var").maxNumber().doubleValue(), 0);
            }
        }
        INDArray x = Networks.input(CIFAR, 3, 8);
        INDArray expected = Networks.logits(same, x);
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(folded, x)) <= 1e-5 * Math.max(1, Networks.maxAbs(expected)));

        ChannelGroups groups = ChannelGroups.of(folded);
        ChannelGroup g = groups.get(1);
        int[] kept = KeepMostImportant.topIndices(MagnitudeImportance.l1().score(folded, g), g.size() / 2);
        ChannelMap selection = ChannelMap.selection(g.size(), kept);
        INDArray a = Networks.logits(NetworkSurgery.apply(folded, groups, Map.of(g.id(), selection)), x);
        INDArray b = Networks.logits(NetworkSurgery.apply(folded, groups,
                Map.of(g.id(), ChannelMap.merging(selection.producer(), selection.consumer()))), x);
        assertTrue(Networks.maxAbsDiff(a, b) <= 1e-5 * Math.max(1, Networks.maxAbs(a)));
    }

    @Test
    void aMergingMapThroughAnUnfoldedBatchNormIsRefused() {
        ComputationGraph net = Networks.zoo(ModelFamily.SMALL_CNN, FASHION, 0.5, 1);
        ChannelGroups groups = ChannelGroups.of(net);
        ChannelGroup g = groups.get(2);
        ChannelMap identity = ChannelMap.identity(g.size());
        ChannelMap merging = ChannelMap.merging(identity.producer(), identity.consumer());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NetworkSurgery.apply(net, groups, Map.of(g.id(), merging)));
        assertTrue(e.getMessage().contains("features.1") && e.getMessage().contains("folded"), e.getMessage());
    }

    @Test
    void aMapOfTheWrongSizeIsRefused() {
        ComputationGraph net = Networks.zoo(ModelFamily.SMALL_CNN, FASHION, 0.5, 1);
        ChannelGroups groups = ChannelGroups.of(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSurgery.apply(net, groups, Map.of(0, ChannelMap.identity(3))));
        assertTrue(e.getMessage().contains("group 0"), e.getMessage());
    }

    @Test
    void batchNormFoldingKeepsOutputsAndLeavesIdentityNorms() {
        for (ModelFamily family : new ModelFamily[] {ModelFamily.SMALL_CNN, ModelFamily.VGG11_BN, ModelFamily.RESNET18}) {
            InputShape shape = family == ModelFamily.SMALL_CNN ? FASHION : CIFAR;
            ComputationGraph net = Networks.zoo(family, shape, 0.5, 9);
            ComputationGraph folded = BatchNormFolding.fold(net);
            INDArray x = Networks.input(shape, 4, 3);
            INDArray before = Networks.logits(net, x);
            double diff = Networks.maxAbsDiff(before, Networks.logits(folded, x));
            assertTrue(diff <= 1e-5 * Math.max(1, Networks.maxAbs(before)), family + ": folding changed logits by " + diff);
            for (var bn : org.splitfuse.core.graph.NetworkGraph.of(folded).nodes()) {
                if (bn.kind() == org.splitfuse.core.graph.LayerKind.BATCH_NORM) {
                    var p = folded.getLayer(bn.name()).paramTable();
                    assertEquals(1.0, p.get("gamma").minNumber().doubleValue(), 1e-7);
                    assertEquals(0.0, p.get("mean").amaxNumber().doubleValue(), 1e-7);
                }
            }
            assertTrue(Networks.maxAbsDiff(before, Networks.logits(net, x)) == 0, "the original is not modified");
        }
    }

    @Test
    void prunedNetworksHaveTheParameterCountOfTheirNewWidths() {
        ComputationGraph vgg = Pruner.keepMostImportant(MagnitudeImportance.l1())
                .prune(Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 1.0, 2), PruningPlan.allGroups(0.5));
        assertEquals(vggParams(new int[] {32, 64, 128, 128, 256, 256, 256, 256}, 3, 10), vgg.numParams());
        ComputationGraph resnet = Pruner.keepMostImportant(MagnitudeImportance.l1())
                .prune(Networks.zoo(ModelFamily.RESNET18, CIFAR, 1.0, 2), PruningPlan.allGroups(0.5));
        assertEquals(resnetParams(new int[] {32, 64, 128, 256}, 3, 10), resnet.numParams());
        ComputationGraph one = Pruner.keepMostImportant(MagnitudeImportance.l1())
                .prune(Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 1.0, 2), PruningPlan.group(7, 0.7));
        assertEquals(vggParams(new int[] {19, 128, 256, 256, 512, 512, 512, 512}, 3, 10), one.numParams());
    }

    /** VGG11-BN from its widths: conv 3x3 with bias, BN with 4 per channel (running stats are DL4J params), linear. */
    static long vggParams(int[] widths, int in, int classes) {
        long total = 0;
        int c = in;
        for (int w : widths) {
            total += (long) c * w * 9 + w + 4L * w;
            c = w;
        }
        return total + (long) c * classes + classes;
    }

    /** kuangliu ResNet18 from its stage widths, every block's inner width equal to its stage's. */
    static long resnetParams(int[] stages, int in, int classes) {
        long total = (long) in * stages[0] * 9 + 4L * stages[0];
        int c = stages[0];
        for (int s = 0; s < 4; s++) {
            int w = stages[s];
            for (int block = 0; block < 2; block++) {
                total += (long) c * w * 9 + 4L * w + (long) w * w * 9 + 4L * w;
                if (c != w) {
                    total += (long) c * w + 4L * w;
                }
                c = w;
            }
        }
        return total + (long) c * classes + classes;
    }

    @Test
    void surgeryKeepsTheGroupOrderOfAConcatenation() {
        ComputationGraph net = concatNetwork();
        ChannelGroups groups = ChannelGroups.of(net);
        ChannelGroup a = groups.all().stream().filter(g -> g.producers().get(0).vertex().equals("a")).findFirst().orElseThrow();
        ChannelGroup b = groups.all().stream().filter(g -> g.producers().get(0).vertex().equals("b")).findFirst().orElseThrow();
        assertEquals(0, a.consumers().get(0).offset());
        assertEquals(4, b.consumers().get(0).offset());
        ComputationGraph pruned = NetworkSurgery.apply(net, groups, Map.of(b.id(), ChannelMap.selection(6, new int[] {1, 4})));
        INDArray wOld = net.getLayer("c").getParam("W");
        INDArray wNew = pruned.getLayer("c").getParam("W");
        assertArrayEquals(new long[] {5, 6, 3, 3}, wNew.shape());
        for (int o = 0; o < 5; o++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(wOld.getDouble(o, i, 1, 2), wNew.getDouble(o, i, 1, 2), 0.0);
            }
            assertEquals(wOld.getDouble(o, 5, 0, 0), wNew.getDouble(o, 4, 0, 0), 0.0);
            assertEquals(wOld.getDouble(o, 8, 2, 1), wNew.getDouble(o, 5, 2, 1), 0.0);
        }
    }
}
