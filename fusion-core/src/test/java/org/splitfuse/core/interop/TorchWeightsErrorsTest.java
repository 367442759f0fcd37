package org.splitfuse.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

/** Every kind of mismatch is reported by name, all at once, and leaves the graph's parameters as they were. */
class TorchWeightsErrorsTest {

    private ComputationGraph graph;
    private INDArray before;

    @BeforeEach
    void buildGraph() {
        // SMALL_CNN at width 0.25: features.0 conv 3->4, features.1 BN(4), features.4 conv 4->8, features.5 BN(8),
        // fc1 32->16, classifier 16->3
        graph = ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, InputShape.of(3, 8, 8), 3, 0.25, 9L),
                OptimizerSpec.paper());
        before = graph.params().dup();
    }

    @Test
    void missingTensorIsNamed() {
        List<String> problems = importFailure(sd -> sd.remove("features.4.bias"));
        assertEquals(List.of("features.4.bias: missing (expected F32 of shape [8])"), problems);
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() {
        List<String> problems = importFailure(sd -> sd.put("features.0.weight",
                MinimalSafeTensorsWriter.f32(new long[] {4, 1, 3, 3}, new float[36])));
        assertEquals(List.of("features.0.weight: expected shape [4, 3, 3, 3], found [4, 1, 3, 3]"), problems);
    }

    @Test
    void unexpectedTensorIsNamed() {
        List<String> problems = importFailure(sd -> sd.put("features.9.weight",
                MinimalSafeTensorsWriter.f32(new long[] {2}, new float[2])));
        assertEquals(List.of("features.9.weight: unexpected tensor (the graph has no parameter of this name)"), problems);
    }

    @Test
    void unsupportedDtypesAreNamed() {
        List<String> problems = importFailure(sd -> {
            sd.put("fc1.bias", new MinimalSafeTensorsWriter.Tensor("F16", new long[] {16}, new byte[32]));
            sd.put("features.1.num_batches_tracked", MinimalSafeTensorsWriter.f32(new long[0], new float[1]));
        });
        assertEquals(List.of("fc1.bias: dtype F16 is not supported, expected F32",
                "features.1.num_batches_tracked: expected an I64 scalar (shape []), found F32 of shape []"), problems);
    }

    @Test
    void allProblemsAreListedTogetherAndNothingIsSetEvenWhenTheLastLayerIsTheOnlyBadOne() {
        List<String> problems = importFailure(sd -> {
            sd.remove("classifier.bias");
            sd.put("classifier.weight", MinimalSafeTensorsWriter.f32(new long[] {16, 3}, new float[48]));
            sd.put("extra", MinimalSafeTensorsWriter.i64Scalar(1));
        });
        assertEquals(List.of("classifier.weight: expected shape [3, 16], found [16, 3]",
                "classifier.bias: missing (expected F32 of shape [3])",
                "extra: unexpected tensor (the graph has no parameter of this name)"), problems);
    }

    @Test
    void aValidFileChangesTheParameters() throws Exception {
        TorchWeights.importInto(graph, SafeTensors.parse(MinimalSafeTensorsWriter.write(validStateDict()), "ok"));
        assertNotEquals(before, graph.params(), "import must set the parameters");
    }

    @Test
    void damagedFilesFailBeforeTheGraphIsTouched(@TempDir Path dir) throws Exception {
        byte[] good = MinimalSafeTensorsWriter.write(validStateDict());
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(good, good.length - 4));
        assertFileFailure(truncated, "tensor \"classifier.bias\"", "truncated");

        byte[] longHeader = good.clone();
        ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length);
        assertFileFailure(Files.write(dir.resolve("header.safetensors"), longHeader), "header length", "exceeds");

        byte[] overlap = MinimalSafeTensorsWriter.withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertFileFailure(Files.write(dir.resolve("overlap.safetensors"), overlap), "tensor \"b\"", "overlap tensor \"a\"");
    }

    @Test
    void exportRejectsBuffersOfNoBatchNorm() {
        TorchWeightsException e = assertThrows(TorchWeightsException.class, () -> TorchWeights.export(graph,
                Map.of("features.0.num_batches_tracked", RawTensor.scalarI64(3))));
        assertEquals(List.of("features.0.num_batches_tracked: not a num_batches_tracked buffer of a BatchNorm of this graph"),
                e.problems());
    }

    @Test
    void exportWithoutBuffersWritesZeroCountsAndKeepsGivenOnes() {
        SafeTensorFile exported = TorchWeights.export(graph,
                Map.of("features.5.num_batches_tracked", RawTensor.scalarI64(7820)));
        assertEquals(0, exported.tensors().get("features.1.num_batches_tracked").toLongScalar());
        assertEquals(7820, exported.tensors().get("features.5.num_batches_tracked").toLongScalar());
        assertEquals(validStateDict().keySet(), exported.tensors().keySet());
    }

    private void assertFileFailure(Path file, String... fragments) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> TorchWeights.importInto(graph, file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
        assertEquals(before, graph.params(), "graph changed");
    }

    /** Imports a valid state dict changed by {@code damage}; returns the problems, checking nothing changed. */
    private List<String> importFailure(Consumer<Map<String, MinimalSafeTensorsWriter.Tensor>> damage) {
        Map<String, MinimalSafeTensorsWriter.Tensor> sd = validStateDict();
        damage.accept(sd);
        SafeTensorFile file;
        try {
            file = SafeTensors.parse(MinimalSafeTensorsWriter.write(sd), "damaged.safetensors");
        } catch (SafeTensorsFormatException e) {
            throw new AssertionError(e);
        }
        TorchWeightsException e = assertThrows(TorchWeightsException.class, () -> TorchWeights.importInto(graph, file));
        assertTrue(e.getMessage().startsWith("damaged.safetensors: " + e.problems().size() + " problem(s)"), e.getMessage());
        for (String problem : e.problems()) {
            assertTrue(e.getMessage().contains("\n  " + problem), e.getMessage());
        }
        assertEquals(before, graph.params(), "graph changed");
        return e.problems();
    }

    /** A complete, valid PyTorch state dict for the graph, values 0.5 (distinct from the initial ones). */
    private static Map<String, MinimalSafeTensorsWriter.Tensor> validStateDict() {
        Map<String, MinimalSafeTensorsWriter.Tensor> sd = new LinkedHashMap<>();
        conv(sd, "features.0", 4, 3);
        bn(sd, "features.1", 4);
        conv(sd, "features.4", 8, 4);
        bn(sd, "features.5", 8);
        linear(sd, "fc1", 16, 32);
        linear(sd, "classifier", 3, 16);
        return sd;
    }

    private static void conv(Map<String, MinimalSafeTensorsWriter.Tensor> sd, String m, int out, int in) {
        sd.put(m + ".weight", filled(new long[] {out, in, 3, 3}));
        sd.put(m + ".bias", filled(new long[] {out}));
    }

    private static void linear(Map<String, MinimalSafeTensorsWriter.Tensor> sd, String m, int out, int in) {
        sd.put(m + ".weight", filled(new long[] {out, in}));
        sd.put(m + ".bias", filled(new long[] {out}));
    }

    private static void bn(Map<String, MinimalSafeTensorsWriter.Tensor> sd, String m, int channels) {
        for (String suffix : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            sd.put(m + "." + suffix, filled(new long[] {channels}));
        }
        sd.put(m + ".num_batches_tracked", MinimalSafeTensorsWriter.i64Scalar(12));
    }

    private static MinimalSafeTensorsWriter.Tensor filled(long[] shape) {
        float[] values = new float[(int) RawTensor.elementCount(shape)];
        Arrays.fill(values, 0.5f);
        return MinimalSafeTensorsWriter.f32(shape, values);
    }
}
