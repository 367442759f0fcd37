package org.splitfuse.bench.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.interop.SafeTensors;
import org.splitfuse.core.interop.TorchWeights;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.IntraFusion;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * The prune and inspect entry points as a user meets them: bad input is exit code 2 and exactly one
 * {@code splitfuse VERB: error: ...} line naming the thing and the problem, with no stack trace
 * and no output file; Intra-Fusion through the command line equals the fusion-core API, with the
 * published code's option set selectable by name.
 */
class PruneInspectEntryPointsTest {

    @TempDir
    static Path dir;
    /** small CNN for 1x32x32 saved with provenance (as the job and the benchmarks write models) */
    static Path cnn32;
    /** small CNN for 1x28x28 saved without provenance (a file from before provenance) */
    static Path oldZip;
    /** VGG11-BN width 1/4 with non-zero biases and BatchNorm statistics, as PyTorch weights */
    static Path vggTorch;
    static ComputationGraph vgg;

    @BeforeAll
    static void saveModels() throws IOException {
        ModelSpec spec32 = new ModelSpec(ModelFamily.SMALL_CNN, InputShape.of(1, 32, 32), 10, 0.5, 1);
        cnn32 = dir.resolve("cnn32.zip");
        ModelIO.save(ModelZoo.build(spec32, OptimizerSpec.paper()), ModelProvenance.of(spec32, "test model", "abc123"),
                cnn32, false);
        oldZip = dir.resolve("old.zip");
        try (var out = Files.newOutputStream(oldZip)) {
            ModelIO.write(ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 10, 0.5, 1),
                    OptimizerSpec.paper()), out, false);
        }
        vgg = ModelZoo.build(new ModelSpec(ModelFamily.VGG11_BN, InputShape.of(3, 32, 32), 10, 0.25, 1), OptimizerSpec.paper());
        perturb(vgg);
        vggTorch = dir.resolve("vgg.safetensors");
        SafeTensors.write(TorchWeights.export(vgg), vggTorch);
    }

    /** Biases and BatchNorm statistics away from their initial values, so that the presets can differ. */
    private static void perturb(ComputationGraph net) {
        Random random = new Random(7);
        for (GraphVertex v : net.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) {
                continue;
            }
            Layer layer = v.getLayer();
            boolean bn = layer.conf().getLayer() instanceof BatchNormalization;
            for (String key : bn ? List.of("gamma", "beta", "mean", "var") : List.of("b")) {
                INDArray p = layer.paramTable().get(key);
                if (p == null) {
                    continue;
                }
                for (long i = 0; i < p.length(); i++) {
                    double r = random.nextDouble();
                    p.putScalar(i, key.equals("var") || key.equals("gamma") ? 0.5 + r : 0.2 * (r - 0.5));
                }
            }
        }
    }

    /** What one run of an entry point printed and returned. */
    private record Outcome(int code, String out, List<String> err) {
    }

    private static Outcome prune(String... argv) {
        return capture(err -> PruneCommand.run(argv, err));
    }

    private static Outcome inspect(String... argv) {
        return capture(err -> InspectCommand.run(argv, System.out, err));
    }

    private static Outcome capture(java.util.function.ToIntFunction<PrintStream> command) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            code = command.applyAsInt(e);
        } finally {
            System.setOut(stdout);
        }
        String errText = err.toString(StandardCharsets.UTF_8);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), errText.isEmpty() ? List.of() : errText.lines().toList());
    }

    private static void assertRefused(String verb, Outcome o, String... expected) {
        assertEquals(2, o.code(), "exit code; stderr: " + o.err());
        assertEquals(1, o.err().size(), "exactly one line, no stack trace: " + o.err());
        String line = o.err().get(0);
        assertTrue(line.startsWith("splitfuse " + verb + ": error: "), line);
        for (String e : expected) {
            assertTrue(line.contains(e), "expected '" + e + "' in: " + line);
        }
        assertFalse(o.out().contains("pruning "), "no banner before the error: " + o.out());
    }

    private static void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> left = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("never") || n.endsWith(".partial")).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
    }

    @Test
    void pruneRefusesBadInputWithOneLineAndWritesNothing() throws IOException {
        String never = dir.resolve("never.zip").toString();
        String model = cnn32.toString();
        String[] none = {"--data", "none"};
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--method", "fuse"),
                "--method", "unknown method 'fuse'", "intra-fusion, default");
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--mode", "avg"),
                "--mode", "unknown merge mode 'avg'");
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--preset", "paper"),
                "--preset", "unknown preset 'paper'", "paper-code");
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--bias", "maybe"),
                "--bias", "expected preset, true or false");
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--folding", "sqrt"),
                "--folding", "unknown folding 'sqrt'");
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--groups", "8",
                "--method", "intra-fusion"), "no group 8");
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--pad-to", "-3"), "--pad-to");
        assertRefused("prune", prune("--model", dir.resolve("missing.zip").toString(), "--out", never, none[0], none[1]),
                "missing.zip: no such model file");
        // the recorded input shape is checked against --input
        assertRefused("prune", prune("--model", model, "--out", never, "--data", "none", "--input", "1x28x28"),
                "cnn32.zip was built for 1x32x32 inputs", "not --input 1x28x28");
        // a safetensors file whose shapes say another width than the one asked for
        assertRefused("prune", prune("--model", vggTorch.toString(), "--family", "vgg11-bn", "--width", "0.5",
                "--input", "3x32x32", "--data", "none", "--out", never), "--width 0.5 does not fit", "features.0.weight",
                "width 0.25");
        assertRefused("prune", prune("--model", vggTorch.toString(), "--family", "vgg11-bn", "--input", "1x32x32",
                "--data", "none", "--out", never), "features.0.weight reads 3-channel images", "1x32x32");
        assertNothingWritten();
    }

    @Test
    void pruneRefusesDataOfAnotherSizeUnlessPaddingIsAskedFor() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "needs the Debian Fashion-MNIST package");
        String never = dir.resolve("never.zip").toString();
        assertRefused("prune", prune("--model", cnn32.toString(), "--out", never, "--test-limit", "100"),
                "--data fashion-mnist has 1x28x28 images", "built for 1x32x32 inputs", "pass --pad-to 32");
        // an old file without provenance: --input says what it was built for
        assertRefused("prune", prune("--model", oldZip.toString(), "--input", "1x32x32", "--out", never, "--test-limit", "100"),
                "has 1x28x28 images", "built for 1x32x32");
        assertNothingWritten();
        Path padded = dir.resolve("padded.zip");
        Outcome ok = prune("--model", cnn32.toString(), "--pad-to", "32", "--test-limit", "100", "--out", padded.toString());
        assertEquals(0, ok.code(), ok.err().toString());
        assertTrue(Files.isRegularFile(padded));
    }

    @Test
    void intraFusionOnAZipEqualsTheLibraryCallAndRecordsWhatItDid() throws IOException {
        Path out = dir.resolve("cnn-if.zip");
        Outcome o = prune("--model", cnn32.toString(), "--data", "none", "--method", "intra-fusion", "--mode", "preserving",
                "--sparsity", "0.5", "--out", out.toString());
        assertEquals(0, o.code(), o.err().toString());
        assertTrue(o.out().contains("intra-fusion (preserving mode"), o.out());
        ComputationGraph pruned = read(out);
        ComputationGraph direct = new Pruner(Importances.named("l1", 1, List::of),
                new IntraFusion(IntraFusionOptions.defaults().withMode(IntraFusionOptions.MergeMode.PRESERVING)))
                .prune(read(cnn32), PruningPlan.allGroups(0.5));
        assertEquals(direct.numParams(), pruned.numParams());
        assertArrayEquals(direct.params().toFloatVector(), pruned.params().toFloatVector(), 1e-6f);

        ModelProvenance p = ModelIO.provenance(out).orElseThrow();
        assertEquals("small-cnn", p.family());
        assertEquals("1x32x32", p.input());
        assertEquals("abc123", p.fingerprint());
        assertTrue(p.stage().contains("intra-fusion") && p.stage().contains("from cnn32.zip"), p.stage());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

        Outcome shown = inspect(out.toString());
        assertEquals(0, shown.code(), shown.err().toString());
        assertTrue(shown.out().contains("family               small-cnn"), shown.out());
        assertTrue(shown.out().contains("config fingerprint   abc123"), shown.out());
        assertTrue(shown.out().contains("channel groups: "), shown.out());
        assertTrue(shown.out().contains(String.format("parameters: %,d", pruned.numParams())), shown.out());
        assertTrue(shown.out().contains("FLOPs per example: "), shown.out());
    }

    @Test
    void paperCodePresetOnPyTorchWeightsIsThePublishedOptionSet() throws IOException {
        Path paper = dir.resolve("vgg-paper-code.zip");
        Path project = dir.resolve("vgg-project.zip");
        Path torchOut = dir.resolve("vgg-paper-code.safetensors");
        // no --width: the shapes say 1/4
        String[] common = {"--model", vggTorch.toString(), "--family", "vgg11-bn", "--input", "3x32x32", "--data", "none",
                "--method", "intra-fusion", "--sparsity", "0.5"};
        assertEquals(0, prune(concat(common, "--preset", "paper-code", "--out", paper.toString())).code());
        assertEquals(0, prune(concat(common, "--out", project.toString())).code());
        assertEquals(0, prune(concat(common, "--preset", "paper-code", "--out", torchOut.toString())).code());

        // the published code prunes the groups in turn
        ComputationGraph direct = new Pruner(Importances.named("l1", 1, List::of),
                org.splitfuse.core.prune.ChannelMapSource.inTurn(new IntraFusion(IntraFusionOptions.paperCode())))
                .prune(vgg, PruningPlan.allGroups(0.5));
        ComputationGraph viaCli = read(paper);
        assertEquals(direct.numParams(), viaCli.numParams());
        assertArrayEquals(direct.params().toFloatVector(), viaCli.params().toFloatVector(), 1e-5f);
        float[] projectParams = read(project).params().toFloatVector();
        double differs = 0;
        float[] paperParams = viaCli.params().toFloatVector();
        for (int i = 0; i < paperParams.length; i++) {
            differs = Math.max(differs, Math.abs(paperParams[i] - projectParams[i]));
        }
        assertTrue(differs > 1e-3, "the preset changed nothing (max difference " + differs + ")");
        // PyTorch names out: half the channels of every group
        assertArrayEquals(new long[] {8, 3, 3, 3}, SafeTensors.read(torchOut).tensor("features.0.weight").orElseThrow().shape());
    }

    @Test
    void inspectReportsAnOldFileAsSuchAndRefusesBadInput() throws IOException {
        Outcome old = inspect(oldZip.toString(), "--input", "1x28x28");
        assertEquals(0, old.code(), old.err().toString());
        assertTrue(old.out().contains("provenance: none recorded"), old.out());
        assertTrue(old.out().contains("FLOPs per example: "), old.out());

        assertRefused("inspect", inspect(dir.resolve("missing.zip").toString()), "missing.zip: no such model file");
        assertRefused("inspect", inspect(vggTorch.toString()), "vgg.safetensors: inspect reads DL4J model zips");
        Path empty = Files.write(dir.resolve("empty.zip"), new byte[0]);
        assertRefused("inspect", inspect(empty.toString()), "empty.zip: the file is empty");
        Path corrupt = Files.write(dir.resolve("corrupt.zip"), new byte[] {1, 2, 3});
        assertRefused("inspect", inspect(corrupt.toString()), "corrupt.zip: not a readable splitfuse/DL4J model zip");
        assertRefused("inspect", inspect(oldZip.toString(), "--input", "28x28"), "--input", "CxHxW");
        assertRefused("inspect", inspect(), "a MODEL file is required");
    }

    private static ComputationGraph read(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return ModelIO.read(in, p.toString());
        }
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
