package org.splitfuse.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * The layouts are right, not merely self-consistent: after import, DL4J's forward pass equals a plain Java
 * forward pass computed from the PyTorch-layout numbers as PyTorch would use them.
 */
class TorchWeightsLayoutTest {

    private static final double TOLERANCE = 1e-4;
    private static final double EPS = 1e-5;

    private final Random random = new Random(42);
    private final Map<String, MinimalSafeTensorsWriter.Tensor> stateDict = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();

    @Test
    void mlpMatchesAPlainForwardPassOfThePyTorchNumbers() throws Exception {
        InputShape shape = InputShape.of(2, 3, 3); // several channels: the flatten order matters
        ComputationGraph graph = ModelZoo.build(new ModelSpec(ModelFamily.MLP, shape, 3, 1.0 / 64, 5L),
                OptimizerSpec.paper());
        linear("fc1", 8, 18);
        linear("fc2", 4, 8);
        linear("classifier", 3, 4);
        TorchWeights.importInto(graph, file());

        float[][][][] x = images(2, shape);
        Map<String, INDArray> activations = graph.feedForward(toArray(x), false);
        for (int n = 0; n < x.length; n++) {
            float[] h1 = PlainForward.linear(PlainForward.flatten(x[n]), v("fc1.weight"), v("fc1.bias"), true);
            float[] h2 = PlainForward.linear(h1, v("fc2.weight"), v("fc2.bias"), true);
            float[] p = PlainForward.softmax(PlainForward.linear(h2, v("classifier.weight"), v("classifier.bias"), false));
            assertClose(h2, activations.get("fc2").slice(n), "fc2 of example " + n);
            assertClose(p, activations.get("classifier").slice(n), "classifier of example " + n);
        }
    }

    @Test
    void smallCnnMatchesAPlainForwardPassOfThePyTorchNumbers() throws Exception {
        InputShape shape = InputShape.of(3, 8, 8);
        ComputationGraph graph = ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, shape, 3, 0.25, 5L),
                OptimizerSpec.paper());
        conv("features.0", 4, 3);
        batchNorm("features.1", 4);
        conv("features.4", 8, 4);
        batchNorm("features.5", 8);
        linear("fc1", 16, 8 * 2 * 2);
        linear("classifier", 3, 16);
        TorchWeights.importInto(graph, file());

        float[][][][] x = images(2, shape);
        Map<String, INDArray> activations = graph.feedForward(toArray(x), false);
        for (int n = 0; n < x.length; n++) {
            float[][][] a = PlainForward.conv2d(x[n], v("features.0.weight"), v("features.0.bias"), 4, 3, 1);
            a = bnRelu(a, "features.1");
            assertClose(PlainForward.flatten(a), activations.get("features.2").slice(n), "features.2 of " + n);
            a = PlainForward.maxPool2(a);
            a = PlainForward.conv2d(a, v("features.4.weight"), v("features.4.bias"), 8, 3, 1);
            a = PlainForward.maxPool2(bnRelu(a, "features.5"));
            assertClose(PlainForward.flatten(a), activations.get("features.7").slice(n), "features.7 of " + n);
            float[] h = PlainForward.linear(PlainForward.flatten(a), v("fc1.weight"), v("fc1.bias"), true);
            float[] p = PlainForward.softmax(PlainForward.linear(h, v("classifier.weight"), v("classifier.bias"), false));
            assertClose(h, activations.get("fc1").slice(n), "fc1 of " + n);
            assertClose(p, activations.get("classifier").slice(n), "classifier of " + n);
        }
    }

    /** DL4J's default BatchNorm keeps log10(sqrt(var + eps)): running_var converts both ways, to rounding. */
    @Test
    void logStdBatchNormConvertsRunningVarianceBothWays() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("input")
                .addLayer("fc", new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.IDENTITY).build(), "input")
                .addLayer("bn", new BatchNormalization.Builder().eps(EPS).useLogStd(true).build(), "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(5))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        linear("fc", 4, 5);
        batchNorm("bn", 4);
        linear("out", 3, 4);
        SafeTensorFile file = file();
        TorchWeights.importInto(graph, file);

        float[][] x = new float[2][5];
        for (float[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        INDArray y = graph.outputSingle(false, Nd4j.createFromArray(x));
        for (int n = 0; n < x.length; n++) {
            float[] h = PlainForward.linear(x[n], v("fc.weight"), v("fc.bias"), false);
            h = PlainForward.batchNorm(h, v("bn.weight"), v("bn.bias"), v("bn.running_mean"), v("bn.running_var"), EPS);
            float[] p = PlainForward.softmax(PlainForward.linear(h, v("out.weight"), v("out.bias"), false));
            assertClose(p, y.slice(n), "output of " + n);
        }
        float[] back = TorchWeights.export(graph).tensors().get("bn.running_var").toFloats();
        float[] original = v("bn.running_var");
        for (int c = 0; c < original.length; c++) {
            assertEquals(original[c], back[c], 1e-5 * original[c], "running_var[" + c + "]");
        }
        assertArrayEquals(v("bn.running_mean"), TorchWeights.export(graph).tensors().get("bn.running_mean").toFloats());
    }

    private float[][][] bnRelu(float[][][] a, String module) {
        return PlainForward.batchNorm(a, v(module + ".weight"), v(module + ".bias"), v(module + ".running_mean"),
                v(module + ".running_var"), EPS, true);
    }

    private void linear(String module, int out, int in) {
        put(module + ".weight", new long[] {out, in}, gaussian(out * in, 1 / Math.sqrt(in)));
        put(module + ".bias", new long[] {out}, gaussian(out, 0.3));
    }

    private void conv(String module, int out, int in) {
        put(module + ".weight", new long[] {out, in, 3, 3}, gaussian(out * in * 9, 1 / Math.sqrt(in * 9)));
        put(module + ".bias", new long[] {out}, gaussian(out, 0.3));
    }

    private void batchNorm(String module, int channels) {
        float[] gamma = gaussian(channels, 0.3);
        float[] var = new float[channels];
        for (int c = 0; c < channels; c++) {
            gamma[c] += 1;
            var[c] = 0.5f + random.nextFloat();
        }
        put(module + ".weight", new long[] {channels}, gamma);
        put(module + ".bias", new long[] {channels}, gaussian(channels, 0.3));
        put(module + ".running_mean", new long[] {channels}, gaussian(channels, 0.3));
        put(module + ".running_var", new long[] {channels}, var);
        stateDict.put(module + ".num_batches_tracked", MinimalSafeTensorsWriter.i64Scalar(100));
    }

    private void put(String name, long[] shape, float[] data) {
        stateDict.put(name, MinimalSafeTensorsWriter.f32(shape, data));
        values.put(name, data);
    }

    private float[] v(String name) {
        return values.get(name);
    }

    private SafeTensorFile file() throws Exception {
        return SafeTensors.parse(MinimalSafeTensorsWriter.write(stateDict), "layout-test");
    }

    private float[] gaussian(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * scale);
        }
        return a;
    }

    private float[][][][] images(int n, InputShape shape) {
        float[][][][] x = new float[n][shape.channels()][shape.height()][shape.width()];
        for (float[][][] image : x) {
            for (float[][] plane : image) {
                for (float[] row : plane) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = (float) random.nextGaussian();
                    }
                }
            }
        }
        return x;
    }

    private static INDArray toArray(float[][][][] x) {
        return Nd4j.createFromArray(x);
    }

    /** Compares with one example of an activation, flattened in C order (NCHW for images). */
    private static void assertClose(float[] expected, INDArray actualExample, String what) {
        float[] actual = Nd4j.toFlattened('c', actualExample).toFloatVector();
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + " [" + i + "]");
        }
    }
}
