package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.data.RealData;

/**
 * SIGTERM during training, sent to the job's own JVM as a user's kill (or a cluster manager) would:
 * the run stops with one line saying what was kept, exit 143, no output and no staging directory.
 */
class SignalTest {

    @TempDir
    Path dir;

    @Test
    void sigtermDuringTrainingStopsCleanlyAndKeepsTheCheckpoints() throws Exception {
        RealData.fashionMnist();
        Path out = dir.resolve("run");
        Path checkpoints = dir.resolve("ckpt");
        Process p = ChildJvm.start(SplitFuseJob.class, List.of(
                // two shard models trained one after the other (local[1]): the signal comes after the first is saved
                "plan.kind=paf", "split.shards=2", "model.family=small-cnn", "model.width=0.5", "train.epochs=3",
                "data.train-limit=8000", "data.test-limit=256", "spark.master=local[1]",
                "output.checkpoints=" + checkpoints, "output.uri=" + out));
        CompletableFuture<String> stderr = ChildJvm.stderr(p);
        StringBuilder stdout = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = lines.readLine()) != null) {
                stdout.append(line).append('\n');
                if (!sent && line.contains("training 2 model(s) on 2 Spark task(s)")) {
                    sent = true;
                    CompletableFuture.runAsync(() -> {
                        try {
                            while (p.isAlive() && savedModels(checkpoints) == 0) {
                                Thread.sleep(100);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        // SIGTERM, during the second model's training (through the handle: Process.destroy closes our pipes)
                        p.toHandle().destroy();
                    });
                }
            }
        } finally {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String err = stderr.get(10, TimeUnit.SECONDS);
        System.out.println(err); // the stopped job's stderr, for the test log
        assertEquals(143, p.exitValue(), err + stdout);
        List<String> errLines = err.lines().filter(l -> l.startsWith("splitfuse:")).toList();
        assertEquals(List.of("splitfuse: stopped by SIGTERM; kept: the checkpoints of 1 trained model(s) under file:"
                + checkpoints), errLines, err);
        assertFalse(err.contains("\tat "), "a stack trace was printed:\n" + err);
        assertFalse(Files.exists(out), "an output was written");
        try (Stream<Path> entries = Files.list(dir)) {
            assertFalse(entries.anyMatch(e -> e.getFileName().toString().startsWith(".run.tmp")), "staging left behind");
        }
        assertFalse(stdout.toString().contains("splitfuse: wrote"), stdout.toString());
        assertEquals(1, savedModels(checkpoints), "the first model's checkpoint is kept");
    }

    private static long savedModels(Path checkpoints) throws java.io.IOException {
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(f -> f.getFileName().toString().matches("train-.*\\.zip")).count();
        }
    }
}
