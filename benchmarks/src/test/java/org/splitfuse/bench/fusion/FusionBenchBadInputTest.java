package org.splitfuse.bench.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.assertOneLineError;
import static org.splitfuse.bench.BadInput.contents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.bench.BadInput;

/** fusion-bench's bad configs, outputs and data: one line, exit 2, nothing trained or written, checkpoints kept. */
class FusionBenchBadInputTest {

    @TempDir
    Path dir;

    private List<String> args(String... more) {
        List<String> all = new ArrayList<>(List.of("models=[small-cnn]", "data.train-limit=200", "data.test-limit=100",
                "checkpoint-dir=\"" + dir.resolve("ck") + "\"", "output-dir=\"" + dir.resolve("out") + "\""));
        all.addAll(List.of(more));
        return all;
    }

    private String fails(List<String> argv, String... fragments) {
        return assertOneLineError(FusionBench::command, "splitfuse fusion-bench", argv, fragments);
    }

    @Test
    void badKeysTypesAndValuesAreOneLineEach() throws Exception {
        fails(args("kss=[2]"), "kss", "did you mean 'ks'");
        fails(args("width=wide"), "width");
        fails(args("ks=[1]"), "at least 2");
        fails(args("shards=[iid, dirichlet]"), "dirichlet");
        fails(args("activation-samples=-1"), "activation-samples");
        fails(args("models=[alexnet]"), "config key 'models': unknown model 'alexnet'");
        fails(args("train.model-epochs.alexnet=2"), "train.model-epochs.alexnet", "unknown model 'alexnet'");
        fails(args("train.epochs=0"), "train.epochs");
        fails(args("stray"), "'stray'");
        List<String> verbose = new ArrayList<>(List.of("--verbose"));
        verbose.addAll(args());
        fails(verbose, "unknown option '--verbose'");
        assertEquals(List.of(), contents(dir), "nothing written");
    }

    @Test
    void aMissingOrBrokenConfigFileIsNamedOnce() throws Exception {
        Path missing = dir.resolve("missing.conf");
        List<String> argv = new ArrayList<>(List.of(missing.toString()));
        argv.addAll(args());
        fails(argv, "config file not found: " + missing);
        Path broken = Files.writeString(dir.resolve("broken.conf"), "fusion {\n  models = [small-cnn\n  width = }\n");
        argv.set(0, broken.toString());
        String line = fails(argv, "config file " + broken + ", line ");
        assertEquals(line.indexOf("broken.conf"), line.lastIndexOf("broken.conf"), line);
        assertEquals(List.of(broken), contents(dir));
    }

    @Test
    void outputsThatCannotBeWrittenStopItBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "keep");
        fails(List.of("models=[small-cnn]", "checkpoint-dir=\"" + dir.resolve("ck") + "\"",
                "output-dir=\"" + file.resolve("out") + "\""), file.resolve("out").toString(), "cannot be written");
        fails(List.of("models=[small-cnn]", "checkpoint-dir=\"" + file.resolve("ck") + "\"",
                "output-dir=\"" + dir.resolve("out") + "\""), file.resolve("ck").toString(), "cannot be written");
        assertEquals(List.of(file), contents(dir));
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void missingEmptyOrGarbageDataIsOneLineAndEarlierCheckpointsAreKept() throws Exception {
        Path checkpoint = Files.writeString(Files.createDirectories(dir.resolve("ck")).resolve("earlier.zip"), "a model");
        Path missing = dir.resolve("no-data");
        fails(args("data.dir=\"" + missing + "\""), missing.toString(), "data directory does not exist");
        Path empty = BadInput.dataDir(dir.resolve("empty"), new byte[0], false);
        fails(args("data.dir=\"" + empty + "\""), empty.resolve("train-images-idx3-ubyte.gz").toString());
        Path garbage = BadInput.dataDir(dir.resolve("garbage"), "not IDX".getBytes(StandardCharsets.US_ASCII), true);
        fails(args("data.dir=\"" + garbage + "\""), garbage.resolve("train-images-idx3-ubyte.gz").toString(), "not an IDX file");
        assertEquals("a model", Files.readString(checkpoint));
        assertEquals(List.of(checkpoint), contents(dir.resolve("ck")));
        assertEquals(false, Files.exists(dir.resolve("out")), "no output directory left");
    }
}
