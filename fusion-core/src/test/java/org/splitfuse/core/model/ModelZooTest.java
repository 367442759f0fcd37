package org.splitfuse.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.train.OptimizerSpec;

class ModelZooTest {

    private static ComputationGraph build(ModelFamily family, InputShape shape, double width, long seed) {
        return ModelZoo.build(new ModelSpec(family, shape, 10, width, seed), OptimizerSpec.paper());
    }

    /** BN running mean and variance are parameters in DL4J but buffers in PyTorch. */
    private static long pytorchParamCount(ComputationGraph net) {
        long runningStats = 0;
        for (GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.getLayer().conf().getLayer() instanceof BatchNormalization) {
                runningStats += 2 * v.getLayer().getParam("mean").length();
            }
        }
        return net.numParams() - runningStats;
    }

    @Test
    void vgg11MatchesThePyTorchCifarFormParameterCount() {
        // kuangliu/pytorch-cifar VGG('VGG11') on CIFAR-10 has 9,231,114 trainable parameters
        assertEquals(9_231_114L, pytorchParamCount(build(ModelFamily.VGG11_BN, InputShape.of(3, 32, 32), 1.0, 1)));
    }

    @Test
    void resnet18MatchesThePyTorchCifarFormParameterCount() {
        // kuangliu/pytorch-cifar ResNet18() on CIFAR-10 has 11,173,962 trainable parameters
        assertEquals(11_173_962L, pytorchParamCount(build(ModelFamily.RESNET18, InputShape.of(3, 32, 32), 1.0, 1)));
    }

    @Test
    void everyFamilyTakesBothInputShapesAndGivesClassProbabilities() {
        for (ModelFamily family : ModelFamily.values()) {
            for (InputShape shape : new InputShape[] {InputShape.of(1, 28, 28), InputShape.of(3, 32, 32)}) {
                ComputationGraph net = build(family, shape, 0.25, 3);
                INDArray x = Nd4j.rand(DataType.FLOAT, 4, shape.channels(), shape.height(), shape.width());
                INDArray y = net.outputSingle(false, x);
                assertArrayEquals(new long[] {4, 10}, y.shape(), family + " " + shape);
                INDArray rowSums = y.sum(1);
                for (int i = 0; i < 4; i++) {
                    assertEquals(1.0, rowSums.getDouble(i), 1e-4, family + " " + shape + " softmax row " + i);
                }
            }
        }
    }

    @Test
    void widthMultiplierScalesChannels() {
        ComputationGraph net = build(ModelFamily.VGG11_BN, InputShape.of(1, 28, 28), 0.25, 1);
        long[] expected = {16, 32, 64, 64, 128, 128, 128, 128};
        int i = 0;
        for (String name : new String[] {"features.0", "features.4", "features.8", "features.11", "features.15",
                "features.18", "features.22", "features.25"}) {
            ConvolutionLayer conv = (ConvolutionLayer) net.getLayer(name).conf().getLayer();
            assertEquals(expected[i++], conv.getNOut(), name);
        }
    }

    @Test
    void resnetBlocksHaveProjectionShortcutsOnlyWhereShapesChange() {
        ComputationGraph net = build(ModelFamily.RESNET18, InputShape.of(3, 32, 32), 0.25, 1);
        assertTrue(net.getVertex("layer2.0.shortcut.0") != null);
        assertTrue(net.getVertex("layer1.0.shortcut.0") == null);
        assertTrue(net.getVertex("layer2.1.shortcut.0") == null);
    }

    @Test
    void sameSeedGivesSameBitsAndOtherSeedDiffers() {
        INDArray a = build(ModelFamily.RESNET18, InputShape.of(1, 28, 28), 0.25, 11).params();
        INDArray b = build(ModelFamily.RESNET18, InputShape.of(1, 28, 28), 0.25, 11).params();
        INDArray c = build(ModelFamily.RESNET18, InputShape.of(1, 28, 28), 0.25, 12).params();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs() throws Exception {
        ComputationGraph net = build(ModelFamily.RESNET18, InputShape.of(1, 28, 28), 0.25, 5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        byte[] bytes = ModelIO.toBytes(net, true);
        ComputationGraph loaded = ModelIO.read(new ByteArrayInputStream(bytes), "memory");
        assertEquals(net.outputSingle(false, x), loaded.outputSingle(false, x));
    }

    @Test
    void unreadableModelBytesNameTheSource() {
        Exception e = assertThrows(Exception.class,
                () -> ModelIO.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), "hdfs://x/model.zip"));
        assertTrue(e.getMessage().contains("hdfs://x/model.zip"), e.getMessage());
    }

    @Test
    void badSpecsAreRejectedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> ModelFamily.parse("vgg19"));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(ModelFamily.MLP, InputShape.of(1, 28, 28), 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> InputShape.of(0, 28, 28));
    }

    @Test
    void zooLayersRunThroughOneDnnOnTheCpuBackend() throws Exception {
        ComputationGraph net = build(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 0.25, 1);
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        org.junit.jupiter.api.Assumptions.assumeTrue("CPU".equalsIgnoreCase(backend), "CPU backend only");
        assertTrue(NativeHelpers.oneDnnActive(), "DL4J's oneDNN helpers are off (see NativeHelpers)");
        java.lang.reflect.Field helper = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
        helper.setAccessible(true);
        assertTrue(helper.get(net.getLayer("features.0")) instanceof org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper);
    }
}
