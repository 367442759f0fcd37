package org.splitfuse.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.assertOneLineError;
import static org.splitfuse.bench.BadInput.contents;
import static org.splitfuse.bench.BadInput.withOut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-bench's bad command lines: one line, exit 2, before any data is read or PyTorch started, nothing written. */
class TrainBenchBadInputTest {

    @TempDir
    Path dir;

    private void fails(List<String> args, String... fragments) {
        assertOneLineError(TrainBench::command, "splitfuse train-bench", withOut(args, dir.resolve("out")), fragments);
    }

    @Test
    void badOptionsAreOneLineEach() throws Exception {
        fails(List.of("--bogus"), "unknown option --bogus");
        fails(List.of("stray"), "unexpected argument 'stray'");
        fails(List.of("--reps", "0"), "--reps must be >= 1, got 0");
        fails(List.of("--steps", "many"), "--steps expects");
        fails(List.of("--models", "foo:1"), "foo");
        assertEquals(List.of(), contents(dir), "nothing written");
    }

    @Test
    void anOutputThatCannotBeWrittenStopsItFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "keep");
        fails(List.of("--out", file.resolve("results").toString(), "--models", "small-cnn:0.25"),
                "train-bench.csv: cannot be written there");
        assertEquals("keep", Files.readString(file));
    }
}
