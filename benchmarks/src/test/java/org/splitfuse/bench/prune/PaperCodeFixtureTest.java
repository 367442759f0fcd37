package org.splitfuse.bench.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.interop.DType;
import org.splitfuse.core.interop.RawTensor;
import org.splitfuse.core.interop.SafeTensorFile;
import org.splitfuse.core.interop.SafeTensors;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.train.Logits;

/**
 * {@code bin/splitfuse prune --preset paper-code} against the published Intra-Fusion code's result on a
 * small PyTorch VGG11-BN: the fixture in src/test/resources/paper-code was written by
 * src/test/python/paper_code_intra_fusion.py, an independent re-implementation of that code (see its
 * docstring and docs/intra-fusion.md). Every case is also a case the project's preset gets wrong: the
 * bias in the pairing vectors changes the plan, eps changes the folding, all groups at once differ
 * from groups in turn.
 */
class PaperCodeFixtureTest {

    /** Of the largest entry of each tensor: float rounding of a different order of operations, nothing more. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;
    static Path model;
    static SafeTensorFile expected;

    @BeforeAll
    static void fixture() throws IOException, URISyntaxException {
        model = resource("vgg11bn-w16.safetensors");
        expected = SafeTensors.read(resource("paper-code-expected.safetensors"));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PaperCodeFixtureTest.class.getResource("/paper-code/" + name).toURI());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "if-g0-s50, intra-fusion, 0, 0.5",
        "if-g4-s30, intra-fusion, 4, 0.3",
        "if-g2-s70, intra-fusion, 2, 0.7",
        "default-g3-s50, default, 3, 0.5",
        "if-all-s50, intra-fusion, all, 0.5",
    })
    void prunesAsThePublishedCode(String name, String method, String groups, String sparsity) throws IOException {
        Path weights = dir.resolve(name + ".safetensors");
        Path zip = dir.resolve(name + ".zip");
        for (Path out : List.of(weights, zip)) {
            PruneCommand.execute("--model", model.toString(), "--family", "vgg11-bn", "--input", "3x32x32",
                    "--data", "none", "--preset", "paper-code", "--method", method, "--groups", groups,
                    "--sparsity", sparsity, "--out", out.toString());
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, RawTensor> e : SafeTensors.read(weights).tensors().entrySet()) {
            if (e.getValue().type() != DType.F32) {
                continue;
            }
            RawTensor want = expected.tensor(name + "/" + e.getKey())
                    .orElseGet(() -> expected.tensor("folded/" + e.getKey()).orElseThrow());
            compare(e.getKey(), want, e.getValue(), wrong);
        }
        ComputationGraph pruned;
        try (var in = Files.newInputStream(zip)) {
            pruned = ModelIO.read(in, zip.toString());
        }
        RawTensor inputs = expected.tensor("inputs").orElseThrow();
        INDArray x = Nd4j.createFromArray(inputs.toFloats()).reshape(inputs.shape());
        INDArray logits = Logits.of(pruned, x).castTo(DataType.FLOAT);
        compare("logits", expected.tensor(name + "/logits").orElseThrow(),
                RawTensor.ofFloats(logits.shape(), logits.reshape(-1).toFloatVector()), wrong);
        assertTrue(wrong.isEmpty(), name + " differs from the published code's result:\n" + String.join("\n", wrong));
    }

    private static void compare(String name, RawTensor want, RawTensor got, List<String> wrong) {
        assertArrayEquals(want.shape(), got.shape(), name + ": shape");
        float[] a = want.toFloats();
        float[] b = got.toFloats();
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        if (diff > TOLERANCE * Math.max(scale, 1e-30)) {
            wrong.add(String.format("  %s: max |difference| %.3g, largest entry %.3g", name, diff, scale));
        }
    }
}
