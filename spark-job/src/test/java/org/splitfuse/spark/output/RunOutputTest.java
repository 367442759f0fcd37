package org.splitfuse.spark.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOutputTest {

    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private long entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void committedOutputHoldsFilesAndSuccessMarker() throws Exception {
        String uri = dir.resolve("run").toUri().toString();
        try (RunOutput out = RunOutput.open(uri, false, conf)) {
            out.write("model.zip", new byte[] {1, 2, 3});
            out.writeText("report.json", "{}");
            assertFalse(Files.exists(dir.resolve("run")), "nothing visible before commit");
            out.commit();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("run/model.zip")));
        assertTrue(Files.exists(dir.resolve("run/_SUCCESS")));
        assertEquals(1, entries(), "no staging directory left");
    }

    @Test
    void uncommittedOutputLeavesNothingBehind() throws Exception {
        String uri = dir.resolve("run").toString();
        try (RunOutput out = RunOutput.open(uri, false, conf)) {
            out.write("model.zip", new byte[] {1});
            // a failure here: no commit
        }
        assertEquals(0, entries());
    }

    @Test
    void uncommittedOutputRemovesTheParentsItCreatedButNoOthers() throws Exception {
        Files.createDirectories(dir.resolve("runs"));
        try (RunOutput out = RunOutput.open(dir.resolve("runs/a/b/run").toString(), false, conf)) {
            out.write("model.zip", new byte[] {1});
        }
        assertEquals(1, entries());
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertEquals(0, s.count(), "runs/a and runs/a/b were made for the output; runs was there before");
        }

        // a created parent that meanwhile got other content stays, with that content
        try (RunOutput out = RunOutput.open(dir.resolve("runs/c/run").toString(), false, conf)) {
            Files.writeString(dir.resolve("runs/c/other.txt"), "someone else's");
        }
        assertTrue(Files.exists(dir.resolve("runs/c/other.txt")));
        try (Stream<Path> s = Files.list(dir.resolve("runs/c"))) {
            assertEquals(1, s.count(), "the staging directory is gone");
        }
    }

    @Test
    void existingOutputIsRefusedUnlessOverwriting() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/old.txt"), "old");
        String uri = dir.resolve("run").toString();
        OutputError e = assertThrows(OutputError.class, () -> RunOutput.checkTarget(uri, false, conf));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        try (RunOutput out = RunOutput.open(uri, true, conf)) {
            out.writeText("new.txt", "new");
            out.commit();
        }
        assertFalse(Files.exists(dir.resolve("run/old.txt")));
        assertTrue(Files.exists(dir.resolve("run/new.txt")));
    }

    @Test
    void outputUnderAFileIsRefused() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        assertThrows(OutputError.class, () -> RunOutput.checkTarget(dir.resolve("plain/run").toString(), false, conf));
    }
}
