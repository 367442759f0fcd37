package org.splitfuse.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.assertOneLineError;
import static org.splitfuse.bench.BadInput.contents;

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
        List<String> all = new ArrayList<>(args);
        if (args.stream().noneMatch(a -> a.equals("--out"))) {
            all.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        assertOneLineError(TrainBench::command, "splitfuse train-bench", all, fragments);
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
