package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default job's path end to end in embedded local Spark on real Fashion-MNIST: two shards,
 * one small CNN per shard trained on its own executor task, combined on the driver, written out.
 */
class SplitDataJobTest {

    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    @Test
    void twoShardModelsEachReachEightyPercentAndTheRunIsWrittenOut() throws Exception {
        assumeTrue(Files.isDirectory(FASHION_MNIST), "needs the dataset-fashion-mnist package");
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(new String[] {
                "split.shards=2", "model.family=small-cnn", "train.epochs=1", "spark.master=local[2]",
                "output.uri=" + out},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8) + printed);

        assertTrue(Files.isRegularFile(out.resolve("model.zip")));
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")));
        assertTrue(Files.isRegularFile(out.resolve("shards/shard-0.zip")));
        assertTrue(Files.isRegularFile(out.resolve("shards/shard-1.zip")));
        JsonNode report = JobReport.parse(Files.readString(out.resolve("report.json")));
        assertEquals(2, report.at("/config/split/shards").asInt());
        assertTrue(report.at("/stage_seconds/train-shards").asDouble() > 0);

        JsonNode models = report.get("models");
        assertEquals(3, models.size(), "two shard models and the combined one");
        long trainExamples = 0;
        for (int k = 0; k < 2; k++) {
            JsonNode shard = models.get(k);
            assertEquals("shard-" + k, shard.get("name").asText());
            assertTrue(shard.get("testAccuracy").asDouble() >= 0.80, "shard " + k + " accuracy " + shard);
            trainExamples += shard.get("trainExamples").asLong();
        }
        assertEquals(60_000, trainExamples, "the shards partition the training set");
        // the summary table; the executors' progress lines go to their own stdout
        assertTrue(printed.contains("combined (average)") && printed.contains("accuracy"), printed);
    }
}
