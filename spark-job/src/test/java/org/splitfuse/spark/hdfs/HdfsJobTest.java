package org.splitfuse.spark.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.RealData;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.spark.SplitFuseJob;

/**
 * The job against a real HDFS (MiniHdfs) in embedded local Spark: Fashion-MNIST read from hdfs://,
 * checkpoints and the output written to hdfs://; a run that fails at its latest point leaves no
 * output on HDFS but keeps its checkpoints, which the rerun uses instead of training.
 */
class HdfsJobTest {

    private static final Path FASHION_MNIST = RealData.FASHION_MNIST;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() throws Exception {
        RealData.fashionMnist();
        hdfs = MiniHdfs.start(dir.resolve("hdfs"));
        // exactly the files the reader opens, nothing else
        List<String> files = new ArrayList<>(DatasetName.FASHION_MNIST.trainFiles());
        files.addAll(DatasetName.FASHION_MNIST.testFiles());
        for (String f : files) {
            hdfs.upload(FASHION_MNIST.resolve(f), "/data/fashion-mnist/" + f);
        }
        assertEquals(files.stream().sorted().toList(), hdfs.list("/data/fashion-mnist"));
    }

    @AfterAll
    static void stopHdfs() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** The job in this JVM, every location on HDFS, small settings. */
    private static Run run(String output, String checkpoints, String... overrides) {
        List<String> args = new ArrayList<>(List.of("data.dir=\"" + hdfs.uri("/data/fashion-mnist") + "\"",
                "data.download=false", "data.train-limit=2000", "data.test-limit=500", "train.epochs=1",
                "model.family=small-cnn", "model.width=0.5", "split.shards=2", "plan.kind=paf",
                "fusion.repair-samples=200", "spark.master=local[2]",
                "output.uri=\"" + hdfs.uri(output) + "\"", "output.checkpoints=\"" + hdfs.uri(checkpoints) + "\""));
        args.addAll(List.of(overrides));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(args.toArray(new String[0]), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Run r = new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        System.out.println(r.stdout() + r.stderr()); // for the test log
        return r;
    }

    private static JsonNode report(String output) throws Exception {
        return JSON.readTree(hdfs.read(output + "/report.json"));
    }

    /** The checkpointed models under a checkpoint base (one fingerprint directory), by file name. */
    private static List<String> checkpointFiles(String base) throws Exception {
        return hdfs.list(base).stream().filter(p -> !p.endsWith("/")).toList();
    }

    private static ComputationGraph model(String path) throws Exception {
        return ModelIO.fromBytes(hdfs.read(path), path);
    }

    @Test
    void dataFromHdfsCheckpointsAndOutputToHdfs() throws Exception {
        Run r = run("/runs/run1", "/checkpoints");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());

        // the run's directory and nothing else: no hidden staging directory beside it
        assertEquals(List.of("run1/", "run1/_SUCCESS", "run1/model.zip", "run1/report.json", "run1/report.png", "run1/trained/",
                "run1/trained/model-0.zip", "run1/trained/model-1.zip"), hdfs.list("/runs"));
        assertEquals(0, hdfs.fs().getFileStatus(new org.apache.hadoop.fs.Path("/runs/run1/_SUCCESS")).getLen());

        JsonNode report = report("/runs/run1");
        assertEquals(hdfs.uri("/data/fashion-mnist"), report.at("/data/source").asText(), report.get("data").toString());
        assertEquals(2000, report.at("/data/train_examples").asInt());
        assertEquals(500, report.at("/data/test_examples").asInt());
        assertEquals(2, report.at("/stages/0/tasks").asInt(), "both models trained: " + report.get("stages"));
        // 2000 images, one epoch: chance is 10%
        assertTrue(report.at("/final_model/test_accuracy").asDouble() > 0.3, report.get("final_model").toString());

        // each training task checkpointed its model on HDFS (renamed into place, no temporary left),
        // and the checkpoint is the model the output holds
        List<String> checkpoints = checkpointFiles("/checkpoints");
        assertEquals(2, checkpoints.size(), checkpoints.toString());
        for (int i = 0; i < 2; i++) {
            String name = checkpoints.get(i);
            assertTrue(name.matches("[0-9a-f]{16}/train-e1-" + i + "-of-2-shards-" + i + "\\.zip"), name);
            assertEquals(model("/runs/run1/trained/model-" + i + ".zip").params(), model("/checkpoints/" + name).params());
        }
        assertFalse(model("/runs/run1/model.zip").params().isEmpty());
    }

    @Test
    void aRunThatFailsLeavesNoOutputButKeepsItsCheckpointsAndTheRerunTrainsNothing() throws Exception {
        Run failed = run("/retry/runs/run", "/retry/checkpoints", "debug.fail-before-commit=true");
        assertEquals(1, failed.exit(), "a failure of the run, not bad input: " + failed.stderr());
        assertTrue(failed.stderr().startsWith("splitfuse: failed: ") && failed.stderr().contains("debug.fail-before-commit"),
                failed.stderr());
        // it failed with all its output in the staging directory; that is gone, and no output appeared
        assertTrue(failed.stdout().contains("splitfuse: final: "), "the run got to its end: " + failed.stdout());
        assertFalse(hdfs.exists("/retry/runs"), "nothing of the failed run is left: " + hdfs.list("/retry"));
        List<String> kept = checkpointFiles("/retry/checkpoints");
        assertEquals(2, kept.size(), "the trained models are kept: " + kept);

        Run rerun = run("/retry/runs/run", "/retry/checkpoints");
        assertEquals(0, rerun.exit(), rerun.stderr() + rerun.stdout());
        JsonNode train = report("/retry/runs/run").at("/stages/0");
        assertEquals("train", train.get("name").asText());
        assertEquals(0, train.get("tasks").asInt(), "no training task ran: " + rerun.stdout());
        assertTrue(rerun.stdout().contains("reused from " + hdfs.uri("/retry/checkpoints/")), rerun.stdout());
        assertEquals(kept, checkpointFiles("/retry/checkpoints"), "the rerun wrote no new checkpoint");
        for (int i = 0; i < 2; i++) {
            assertEquals(model("/retry/checkpoints/" + kept.get(i)).params(),
                    model("/retry/runs/run/trained/model-" + i + ".zip").params());
        }
        assertEquals(List.of("run/", "run/_SUCCESS", "run/model.zip", "run/report.json", "run/report.png", "run/trained/",
                "run/trained/model-0.zip", "run/trained/model-1.zip"), hdfs.list("/retry/runs"));
    }
}
