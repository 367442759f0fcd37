package org.splitfuse.bench.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.interop.SafeTensors;
import org.splitfuse.core.interop.TorchWeights;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

class PruneCommandTest {

    @TempDir
    static Path dir;
    static Path zip;
    static Path safetensors;

    @BeforeAll
    static void saveModels() throws IOException {
        ComputationGraph cnn = ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 10, 0.5, 1),
                OptimizerSpec.paper());
        zip = dir.resolve("cnn.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            ModelIO.write(cnn, out, false);
        }
        ComputationGraph vgg = ModelZoo.build(new ModelSpec(ModelFamily.VGG11_BN, InputShape.of(3, 32, 32), 10, 0.25, 1),
                OptimizerSpec.paper());
        safetensors = dir.resolve("vgg.safetensors");
        SafeTensors.write(TorchWeights.export(vgg), safetensors);
    }

    private static ComputationGraph readZip(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return ModelIO.read(in, p.toString());
        }
    }

    @Test
    void prunesAZipOnFashionMnistAndSavesASmallerLoadableModel() throws IOException {
        Path out = dir.resolve("cnn-pruned.zip");
        PruneCommand.execute("--model", zip.toString(), "--out", out.toString(), "--sparsity", "0.5",
                "--test-limit", "500");
        ComputationGraph pruned = readZip(out);
        ComputationGraph original = readZip(zip);
        assertEquals(ChannelGroups.of(original).get(1).size() / 2, ChannelGroups.of(pruned).get(1).size());
        assertTrue(pruned.numParams() < original.numParams() / 3);
        // readable like the job's files, not private like a temporary file
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void prunesPyTorchWeightsAndWritesPyTorchWeights() throws IOException {
        Path out = dir.resolve("vgg-pruned.safetensors");
        PruneCommand.execute("--model", safetensors.toString(), "--family", "vgg11-bn", "--width", "0.25",
                "--input", "3x32x32", "--data", "none", "--groups", "0,7", "--sparsity", "0.5", "--out", out.toString());
        var file = SafeTensors.read(out);
        assertArrayEquals(new long[] {8, 3, 3, 3}, file.tensor("features.0.weight").orElseThrow().shape());
        assertArrayEquals(new long[] {10, 64}, file.tensor("classifier.weight").orElseThrow().shape());
        assertArrayEquals(new long[] {128, 128, 3, 3}, file.tensor("features.22.weight").orElseThrow().shape());
        assertTrue(file.tensor("features.1.num_batches_tracked").isPresent());
    }

    @Test
    void inferenceFormIsSavedWithoutBatchNormsAndGivesThePrunedModelsOutputs() throws IOException {
        Path plain = dir.resolve("cnn-plain.zip");
        Path folded = dir.resolve("cnn-inference.zip");
        String[] common = {"--model", zip.toString(), "--data", "none", "--input", "1x28x28", "--sparsity", "0.5"};
        PruneCommand.execute(concat(common, "--out", plain.toString()));
        PruneCommand.execute(concat(common, "--out", folded.toString(), "--inference-form"));
        ComputationGraph a = readZip(plain);
        ComputationGraph b = readZip(folded);
        assertTrue(b.getConfiguration().getVertices().values().stream().noneMatch(v -> v instanceof LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof BatchNormalization), "no BatchNorm left");
        assertTrue(b.numParams() < a.numParams());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        double diff = a.outputSingle(false, x).sub(b.outputSingle(false, x)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, "softmax differs by " + diff);
        assertError("--inference-form writes a DL4J .zip", "--model", safetensors.toString(), "--family", "vgg11-bn",
                "--width", "0.25", "--input", "3x32x32", "--data", "none", "--inference-form",
                "--out", dir.resolve("never.safetensors").toString());
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void badInputGetsOneClearErrorAndWritesNothing() throws IOException {
        Path out = dir.resolve("never.zip");
        assertError("no such model file", "--model", dir.resolve("missing.zip").toString(), "--out", out.toString());
        assertError("must end in .zip", "--model", zip.toString(), "--out", dir.resolve("x.bin").toString());
        assertError("sparsity must be in [0, 1)", "--model", zip.toString(), "--out", out.toString(), "--sparsity", "1.5");
        assertError("no group 9", "--model", zip.toString(), "--out", out.toString(), "--groups", "9", "--data", "none",
                "--input", "1x28x28");
        assertError("unknown importance", "--model", zip.toString(), "--out", out.toString(), "--importance", "l7");
        assertError("needs --family", "--model", safetensors.toString(), "--out", out.toString());
        assertError("features.0.weight", "--model", safetensors.toString(), "--family", "vgg11-bn", "--width", "0.5",
                "--input", "3x32x32", "--data", "none", "--out", out.toString());
        Path corrupt = dir.resolve("corrupt.zip");
        Files.write(corrupt, new byte[] {1, 2, 3});
        assertError("corrupt.zip", "--model", corrupt.toString(), "--out", out.toString(), "--data", "none",
                "--input", "1x28x28");
        Path empty = Files.write(dir.resolve("empty.zip"), new byte[0]);
        assertError(empty + ": the file is empty (0 bytes), not a model", "--model", empty.toString(), "--out",
                out.toString(), "--data", "none", "--input", "1x28x28");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            // the output named, not the temporary file beside it
            assertError("/proc/pruned.zip: cannot be written there", "--model", zip.toString(), "--out", "/proc/pruned.zip",
                    "--data", "none", "--input", "1x28x28");
        }
        Files.write(out, new byte[] {7});
        assertError("exists", "--model", zip.toString(), "--out", out.toString());
        Files.delete(out);
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().contains("never")
                    || p.getFileName().toString().endsWith(".partial")), "no output left behind");
        }
    }

    private static void assertError(String expected, String... argv) {
        Exception e = assertThrows(Exception.class, () -> PruneCommand.execute(argv));
        assertTrue(e.getMessage() != null && e.getMessage().contains(expected),
                "expected '" + expected + "' in: " + e.getMessage());
        // and it is marked as bad input, so main() prints one line and exits 2 rather than a trace and 1
        assertTrue(org.splitfuse.core.UserError.find(e) != null, "not a UserError: " + e);
    }
}
