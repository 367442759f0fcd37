package org.splitfuse.bench;

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

/**
 * The bad input every config-driven benchmark verb (ConfigVerb: data-free-bench, fusion-bench)
 * answers the same way: one line, exit 2, nothing trained or written, earlier checkpoints kept. A
 * verb's test extends this and adds the keys of its own.
 */
public abstract class ConfigVerbBadInputContract {

    @TempDir
    protected Path dir;

    /** The verb's command without the exit. */
    protected abstract BadInput.Verb verb();

    /** "splitfuse data-free-bench". */
    protected abstract String who();

    /** The verb's config section, as its config files name it ("data-free"). */
    protected abstract String section();

    /** A small valid run's arguments plus {@code more}. */
    protected List<String> args(String... more) {
        List<String> all = new ArrayList<>(List.of("models=[small-cnn]", "data.train-limit=200", "data.test-limit=100",
                "checkpoint-dir=\"" + dir.resolve("ck") + "\"", "output-dir=\"" + dir.resolve("out") + "\""));
        all.addAll(List.of(more));
        return all;
    }

    protected String fails(List<String> argv, String... fragments) {
        return assertOneLineError(verb(), who(), argv, fragments);
    }

    @Test
    void sharedBadKeysAndOptionsAreOneLineEach() throws Exception {
        fails(args("width=wide"), "width");
        fails(args("models=[alexnet]"), "config key 'models': unknown model 'alexnet'");
        fails(args("train.epochs=0"), "train.epochs");
        fails(args("train.seeds=[]"), "config key 'train.seeds' is empty");
        fails(args("train.seeds=[1, one]"), "config key 'train.seeds' must be a list of integers");
        fails(args("train.seeds=[1.5]"), "config key 'train.seeds'", "integers, got 1.5");
        fails(args("train.seeds=[3, 3]"), "config key 'train.seeds'", "seed 3 is given twice");
        fails(args("train.seed=3"), "train.seed", "did you mean 'train.seeds'");
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
        Path broken = Files.writeString(dir.resolve("broken.conf"), section() + " {\n  models = [small-cnn\n  width = }\n");
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
