package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.RealData;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input ends with one error line, exit code 2, and no output left behind. */
class BadInputTest {

    @TempDir
    Path dir;

    private record Outcome(int exit, String stderr) {
    }

    private Outcome run(String... overrides) {
        List<String> args = new ArrayList<>(List.of(overrides));
        args.add("output.uri=" + dir.resolve("out"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(args.toArray(new String[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
    }

    private void assertOneLineErrorAndNoOutput(Outcome o, String expectedFragment) throws Exception {
        assertEquals(2, o.exit(), o.stderr());
        String[] lines = o.stderr().strip().split("\n");
        assertEquals(1, lines.length, o.stderr());
        assertTrue(lines[0].startsWith("splitfuse: error: "), lines[0]);
        assertTrue(lines[0].contains(expectedFragment), lines[0]);
        try (Stream<Path> entries = Files.list(dir)) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().contains("out")),
                    "an output directory was left behind");
        }
    }

    @Test
    void missingDataDirectory() throws Exception {
        Path missing = dir.resolve("no-such-data");
        assertOneLineErrorAndNoOutput(run("data.dir=" + missing), missing.toString());
    }

    @Test
    void corruptIdxFile() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path fm = RealData.fashionMnist();
        for (String f : new String[] {"train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(fm.resolve(f), data.resolve(f));
        }
        // a valid gzip stream whose content is not an IDX image file
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(data.resolve("train-images-idx3-ubyte.gz")))) {
            gz.write("this is not an IDX file at all".getBytes(StandardCharsets.US_ASCII));
        }
        assertOneLineErrorAndNoOutput(run("data.dir=" + data), "train-images-idx3-ubyte.gz");
    }

    @Test
    void unknownConfigKey() throws Exception {
        assertOneLineErrorAndNoOutput(run("train.epoch=1"), "unknown config key: train.epoch");
    }

    @Test
    void zeroShards() throws Exception {
        assertOneLineErrorAndNoOutput(run("split.shards=0"), "'split.shards' must be >= 1, got 0");
    }

    @Test
    void negativeEpochs() throws Exception {
        assertOneLineErrorAndNoOutput(run("train.epochs=-3"), "'train.epochs' must be >= 1, got -3");
    }

    @Test
    void unknownPlan() throws Exception {
        assertOneLineErrorAndNoOutput(run("plan.kind=prune-and-fuse"), "unknown plan 'prune-and-fuse'; known: paf, fap");
    }

    @Test
    void unknownSyncMaster() throws Exception {
        assertOneLineErrorAndNoOutput(run("plan.kind=sync-dp", "sync-dp.master=all-reduce"),
                "config key 'sync-dp.master': unknown value 'all-reduce'; known: parameter-averaging, gradient-sharing");
        assertOneLineErrorAndNoOutput(run("plan.kind=sync-dp", "sync-dp.gradient-sharing.port=70000"),
                "config key 'sync-dp.gradient-sharing.port' must be a port, 1 to 65535, got 70000");
    }

    @Test
    void sparsityOfOneLeavesNothing() throws Exception {
        assertOneLineErrorAndNoOutput(run("prune.sparsity=1"), "config key 'prune.sparsity' must be in [0, 1), got 1.0");
        // NaN and the interval's edge get the same words
        assertOneLineErrorAndNoOutput(run("prune.sparsity=NaN"), "config key 'prune.sparsity' must be in [0, 1), got NaN");
    }

    @Test
    void kFoldNeedsAnEvenNumberOfShards() throws Exception {
        assertOneLineErrorAndNoOutput(run("plan.kind=kfold", "split.shards=3"), "kfold needs an even number of shards");
    }

    @Test
    void existingOutputIsNotTouched() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "keep");
        Outcome o = run("split.shards=2");
        assertEquals(2, o.exit(), o.stderr());
        assertTrue(o.stderr().contains("already exists"), o.stderr());
        assertEquals("keep", Files.readString(out.resolve("keep.txt")));
    }

    /** A run small enough to train in seconds: one model of the MLP on 512 examples. */
    static final List<String> TINY = List.of("plan.kind=whole-data", "model.family=mlp", "model.width=0.25",
            "train.epochs=1", "data.train-limit=512", "data.test-limit=256", "spark.master=local[1]",
            "output.checkpoints=\"\"");

    private static List<String> tiny(String... more) {
        List<String> args = new ArrayList<>(TINY);
        args.addAll(List.of(more));
        return args;
    }

    private static void assertNoTrace(String stderr) {
        assertFalse(stderr.contains("\tat "), "a stack trace was printed:\n" + stderr);
    }

    @Test
    void aBugIsReportedWithItsTraceAndExitCodeOne() throws Exception {
        // the debug hook throws an IllegalStateException in the middle of writing the output: a failure of the
        // program, not of its input
        Outcome o = run(tiny("debug.fail-before-commit=true").toArray(new String[0]));
        assertEquals(1, o.exit(), o.stderr());
        assertTrue(o.stderr().startsWith("splitfuse: failed: java.lang.IllegalStateException: injected failure"),
                o.stderr());
        assertTrue(o.stderr().contains("\tat org.splitfuse.spark.JobRunner"), o.stderr());
        assertFalse(o.stderr().contains("splitfuse: error:"), o.stderr());
        try (Stream<Path> entries = Files.list(dir)) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().contains("out")), "output left behind");
        }
    }

    @Test
    void onlyUserErrorsCountAsBadInputWrappedOrNot() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        // a user error thrown in a task reaches the driver wrapped by Spark: still one line, exit 2
        Exception wrapped = new org.apache.spark.SparkException("Job aborted due to stage failure",
                new org.splitfuse.core.data.DataFormatException("/data/train.gz", "truncated"));
        assertEquals(2, SplitFuseJob.report(wrapped, ps));
        assertEquals("splitfuse: error: /data/train.gz: truncated", err.toString(StandardCharsets.UTF_8).strip());
        // a plain IllegalArgumentException is a broken precondition inside the program: a bug
        err.reset();
        assertEquals(1, SplitFuseJob.report(new IllegalArgumentException("index -1"), ps));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("splitfuse: failed: java.lang.IllegalArgumentException: index -1"), printed);
        assertTrue(printed.contains("\tat "), printed);
    }

    @Test
    void aStrayArgumentIsAConfigError() throws Exception {
        Outcome o = run("configs/default.conf", "not-a-key");
        assertOneLineErrorAndNoOutput(o, "unexpected argument 'not-a-key'");
    }

    private record Printed(int exit, String stdout, String stderr) {
    }

    /** The job with exactly these arguments (no output.uri added). */
    static Printed runJob(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneErrorLine(Printed p, String... fragments) {
        assertEquals(2, p.exit(), p.stderr());
        String[] lines = p.stderr().strip().split("\n");
        assertEquals(1, lines.length, p.stderr());
        assertTrue(lines[0].startsWith("splitfuse: error: "), lines[0]);
        System.out.println(lines[0]); // the message as a user sees it, for the test log
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' not in: " + lines[0]);
        }
        assertNoTrace(p.stderr());
    }

    @Test
    void anOutputThatCannotBeWrittenStopsTheRunBeforeAnyWork() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
        Printed p = runJob(tiny("output.uri=/proc/splitfuse-out"));
        assertOneErrorLine(p, "/proc/splitfuse-out", "cannot be written");
        assertFalse(p.stdout().contains("splitfuse: Spark"), "Spark was started:\n" + p.stdout());
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            assertFalse(proc.anyMatch(q -> q.getFileName().toString().contains("splitfuse-out")));
        }
    }

    @Test
    void anOutputUnderAFileStopsTheRunAndLeavesNothing() throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "not a directory");
        Path out = file.resolve("runs").resolve("run1");
        Printed p = runJob(tiny("output.uri=" + out));
        assertOneErrorLine(p, out.toString(), "cannot be written");
        assertFalse(p.stdout().contains("splitfuse: Spark"), "Spark was started:\n" + p.stdout());
        assertEquals("not a directory", Files.readString(file));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(file), entries.toList());
        }
    }

    @Test
    void theWritabilityProbeLeavesNoTrace() throws Exception {
        // a run that fails after the probe (bad data) leaves neither the output nor the probe's directories
        Path out = dir.resolve("a").resolve("b").resolve("run");
        Printed p = runJob(tiny("output.uri=" + out, "data.dir=" + dir.resolve("no-data")));
        assertOneErrorLine(p, "no-data");
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(), entries.toList());
        }
    }

    @Test
    void anUnreadableCheckpointIsSetAsideAndItsModelTrainedAgain() throws Exception {
        Path checkpoints = dir.resolve("ckpt");
        Printed one = pafRun(checkpoints, "run1");
        assertTrue(one.stdout().contains("training 2 model(s) on 2 Spark task(s)"), one.stdout());

        // truncated where no checksum guards it (as on HDFS or S3): DL4J cannot read the zip
        Path model0 = checkpoint(checkpoints, 0);
        long size0 = truncate(model0);
        Files.delete(model0.resolveSibling("." + model0.getFileName() + ".crc"));
        assertRetrainedOnce(pafRun(checkpoints, "run2"), model0, 0, size0);

        // truncated beside the local file system's checksum file: the checksum catches it
        Path model1 = checkpoint(checkpoints, 1);
        long size1 = truncate(model1);
        assertRetrainedOnce(pafRun(checkpoints, "run3"), model1, 1, size1);
    }

    private Printed pafRun(Path checkpoints, String output) {
        List<String> args = tiny("plan.kind=paf", "split.shards=2", "tune.after-prune.rounds=0",
                "tune.after-fusion.rounds=0", "fusion.repair-samples=100", "fusion.activation-samples=50",
                "output.checkpoints=" + checkpoints, "output.uri=" + dir.resolve(output));
        Printed p = runJob(args);
        assertEquals(0, p.exit(), p.stderr() + p.stdout());
        assertNoTrace(p.stdout() + p.stderr());
        assertTrue(Files.isRegularFile(dir.resolve(output).resolve("_SUCCESS")));
        return p;
    }

    private static Path checkpoint(Path checkpoints, int model) throws Exception {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().matches("train-.*-" + model + "-of-2-.*\\.zip"))
                    .findFirst().orElseThrow();
        }
    }

    /** Cuts the file to half its length; returns the new length. */
    private static long truncate(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return bytes.length / 2;
    }

    private static void assertRetrainedOnce(Printed p, Path damaged, int model, long damagedSize) throws Exception {
        List<String> warnings = p.stdout().lines().filter(l -> l.contains("cannot be read")).toList();
        assertEquals(1, warnings.size(), p.stdout());
        System.out.println(warnings.get(0));
        assertTrue(warnings.get(0).startsWith("splitfuse: warning: checkpoint ") && warnings.get(0).contains(
                damaged.getFileName().toString()) && warnings.get(0).contains("model " + model + " is trained again"),
                warnings.get(0));
        assertTrue(p.stdout().contains("splitfuse: model " + (1 - model) + " reused from "), p.stdout());
        assertFalse(p.stdout().contains("splitfuse: model " + model + " reused"), p.stdout());
        assertTrue(p.stdout().contains("training 1 model(s) on 1 Spark task(s)"), p.stdout());
        // the damaged file kept under another name, a good checkpoint in its place
        try (Stream<Path> files = Files.list(damaged.getParent())) {
            List<Path> aside = files.filter(f -> f.getFileName().toString().startsWith(
                    damaged.getFileName() + ".unreadable-")).toList();
            assertEquals(1, aside.size());
            assertEquals(damagedSize, Files.size(aside.get(0)));
        }
        assertTrue(Files.size(damaged) > damagedSize);
    }

    @Test
    void aMasterSparkCannotParseIsOneLineBeforeSparkStarts() {
        Printed p = runJob(tiny("spark.master=bogus://x", "output.uri=" + dir.resolve("out")));
        assertOneErrorLine(p, "config key 'spark.master'", "'bogus://x' is not a Spark master URL", "local[N,F]");
        assertFalse(p.stdout().contains("splitfuse: Spark"), p.stdout());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void everyMasterFormSparkAcceptsPassesTheCheck() {
        for (String ok : List.of("local", "local[4]", "local[*]", "local[2,4]", "local[*,4]", "local[*, 4]",
                "local-cluster[2,1,1024]", "spark://127.0.0.1:7077", "spark://a:7077,b:7077", "yarn",
                "k8s://https://10.0.0.1:6443", "mesos://zk://h:2181/mesos")) {
            SparkContexts.checkMaster(ok, "spark.master");
        }
        for (String bad : List.of("bogus://x", "local[0]", "local[x]", "local[2", "locally", "spark:/h:7077", "yarn-client",
                "k8s://", "local-cluster[2,1]", "")) {
            org.junit.jupiter.api.Assertions.assertThrows(org.splitfuse.core.config.ConfigError.class,
                    () -> SparkContexts.checkMaster(bad, "spark.master"), bad);
        }
    }

    @Test
    void asManyShardsAsExamplesRunsWithAWarning() {
        Printed p = runJob(tiny("split.shards=10", "data.train-limit=10", "output.uri=" + dir.resolve("out")));
        assertEquals(0, p.exit(), p.stderr() + p.stdout());
        List<String> warnings = p.stdout().lines().filter(l -> l.startsWith("splitfuse: warning: split.shards")).toList();
        assertEquals(List.of("splitfuse: warning: split.shards=10 leaves 1 training example(s) per shard, fewer than "
                + "the 10 classes: each shard's model learns little (use fewer shards or more data)"), warnings);
    }

    @Test
    void aHoconSyntaxErrorNamesTheFileOnceWithItsLine() throws Exception {
        Path conf = Files.writeString(dir.resolve("broken.conf"), "splitfuse {\n  train { epochs = 2\n  model {{ width = 1 }\n");
        Printed p = runJob(List.of(conf.toString(), "output.uri=" + dir.resolve("out")));
        assertOneErrorLine(p, "config file " + conf + ", line ");
        String line = p.stderr().strip();
        assertEquals(line.indexOf("broken.conf"), line.lastIndexOf("broken.conf"), line);
    }

    @Test
    void anOptionIsNotReadAsAConfigFile() throws Exception {
        assertOneLineErrorAndNoOutput(run("--verbose"), "unknown option '--verbose': run takes [CONFIG] [key=value ...]");
        assertOneLineErrorAndNoOutput(run("configs/default.conf", "--verbose"), "unknown option '--verbose'");
    }

    @Test
    void helpAnywhereIsTheUsageAndRunsNothing() throws Exception {
        Printed p = runJob(List.of("split.shards=2", "--help"));
        assertEquals(0, p.exit(), p.stderr());
        assertTrue(p.stdout().startsWith("usage: bin/splitfuse run [CONFIG] [key=value ...]"), p.stdout());
        assertTrue(p.stdout().contains("local[*,4]"), p.stdout());
        assertEquals("", p.stderr());
    }

    @Test
    void aValueOfTheWrongTypeAndAMissingConfigFileAreOneLine() throws Exception {
        assertOneLineErrorAndNoOutput(run("train.epochs=two"), "train.epochs");
        assertOneLineErrorAndNoOutput(run("prune.sparsity=half"), "prune.sparsity");
        Path missing = dir.resolve("missing.conf");
        assertOneLineErrorAndNoOutput(run(missing.toString()), "config file not found: " + missing);
    }

    @Test
    void emptyAndNonGzipDataFilesAreOneLineNamingTheFile() throws Exception {
        Path fm = RealData.fashionMnist();
        for (String kind : List.of("empty", "plain")) {
            Path data = Files.createDirectories(dir.resolve(kind + "-data"));
            for (String f : new String[] {"train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
                Files.copy(fm.resolve(f), data.resolve(f));
            }
            Path labels = data.resolve("train-labels-idx1-ubyte.gz");
            Files.write(labels, kind.equals("empty") ? new byte[0] : "labels, not gzip".getBytes(StandardCharsets.US_ASCII));
            assertOneLineErrorAndNoOutput(run("data.dir=" + data), labels.toString());
        }
    }
}
