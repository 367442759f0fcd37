package org.splitfuse.bench.splitdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.splitfuse.bench.BadInput.assertOneLineError;
import static org.splitfuse.bench.BadInput.contents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * split-data-bench's bad configs, job overrides and outputs: one line naming the run it concerns,
 * exit 2, found before the first job starts, nothing written.
 */
class SplitDataBenchBadInputTest {

    @TempDir
    Path dir;

    private List<String> args(String... more) {
        List<String> all = new ArrayList<>(List.of("methods=[paf, fap]", "configs.paf=\"../configs/paf-fashion-mnist.conf\"",
                "configs.fap=\"../configs/fap-fashion-mnist.conf\"", "run-dir=\"" + dir.resolve("runs") + "\"",
                "output-dir=\"" + dir.resolve("out") + "\""));
        all.addAll(List.of(more));
        return all;
    }

    private String fails(List<String> argv, String... fragments) {
        return assertOneLineError(SplitDataBench::command, "splitfuse split-data-bench", argv, fragments);
    }

    @Test
    void badKeysAndMethodsAreOneLineEach() throws Exception {
        fails(args("method=[paf]"), "method", "did you mean 'methods'");
        fails(args("methods=[paf, allreduce]"), "allreduce");
        fails(args("configs.paf=\"" + dir.resolve("nope.conf") + "\""), "configs.paf", dir.resolve("nope.conf").toString());
        fails(args("configs.allreduce=\"x.conf\""), "configs.allreduce");
        List<String> verbose = new ArrayList<>(List.of("--verbose"));
        verbose.addAll(args());
        fails(verbose, "unknown option '--verbose'");
        assertEquals(List.of(), contents(dir), "nothing written");
    }

    @Test
    void aBadJobOverrideIsFoundBeforeTheFirstRunAndNamesIt() throws Exception {
        // the fap run's config is checked before the paf run starts: nothing is run at all
        fails(args("job-overrides=[\"train.epoch=1\"]"), "the paf run (configs.paf): ", "unknown config key: train.epoch");
        fails(args("job-overrides=[\"prune.sparsity=NaN\"]"), "the paf run (configs.paf): ",
                "config key 'prune.sparsity' must be in [0, 1), got NaN");
        fails(args("job-overrides=[\"spark.master=bogus://x\"]"), "'bogus://x' is not a Spark master URL");
        fails(args("job-overrides=[\"--verbose\"]"), "the paf run (configs.paf): ", "unknown option '--verbose'");
        assertEquals(List.of(), contents(dir), "nothing run, nothing written");
    }

    @Test
    void aBadInputFoundByAJobIsOneLineNamingTheRun() throws Exception {
        Path missing = dir.resolve("no-data");
        fails(args("methods=[paf]", "job-overrides=[\"data.dir=" + missing + "\"]"), "the paf run (configs.paf): ",
                missing.toString(), "data directory does not exist");
        assertFalse(Files.exists(dir.resolve("runs/paf")), "the job left its output");
        assertFalse(Files.exists(dir.resolve("out")), "the benchmark left its output");
    }

    @Test
    void anOutputThatCannotBeWrittenStopsItBeforeTheFirstRun() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "keep");
        List<String> argv = args();
        argv.set(argv.size() - 1, "output-dir=\"" + file.resolve("out") + "\"");
        fails(argv, file.resolve("out").toString(), "cannot be written");
        assertEquals(List.of(file), contents(dir));
    }
}
