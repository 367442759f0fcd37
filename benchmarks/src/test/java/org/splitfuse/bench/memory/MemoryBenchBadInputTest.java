package org.splitfuse.bench.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.assertOneLineError;
import static org.splitfuse.bench.BadInput.contents;
import static org.splitfuse.bench.BadInput.withOut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.bench.BadInput;

/** memory-bench's bad command lines and data: one line, exit 2, nothing trained, nothing written. */
class MemoryBenchBadInputTest {

    @TempDir
    Path dir;

    private String fails(List<String> args, String... fragments) {
        return assertOneLineError(MemoryBench::command, "splitfuse memory-bench", withOut(args, dir.resolve("out/memory.csv")), fragments);
    }

    @Test
    void badOptionsAreOneLineEach() throws Exception {
        fails(List.of("--verbose"), "unknown option --verbose");
        fails(List.of("stray"), "unexpected argument 'stray'");
        fails(List.of("--width", "abc"), "--width expects a number, got 'abc'");
        fails(List.of("--width", "0"), "--width must be in (0, 64], got 0.0");
        fails(List.of("--width", "NaN"), "--width must be in (0, 64], got NaN");
        fails(List.of("--epochs", "0"), "--epochs must be >= 1, got 0");
        fails(List.of("--batch", "-1"), "--batch must be >= 1, got -1");
        fails(List.of("--model", "alexnet"), "--model: unknown model 'alexnet'; known: ");
        assertEquals(List.of(), contents(dir), "nothing written");
    }

    @Test
    void anOutputThatCannotBeWrittenStopsItBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "keep");
        Path out = file.resolve("results/memory.csv");
        fails(List.of("--out", out.toString()), out.toString(), "cannot be written there");
        assertEquals(List.of(file), contents(dir));
        assertEquals("keep", Files.readString(file));
        Path proc = Path.of("/proc/splitfuse-memory/memory.csv");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            fails(List.of("--out", proc.toString()), proc.toString(), "cannot be written there");
        }
    }

    @Test
    void missingEmptyOrGarbageDataIsOneLineNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-data");
        fails(List.of("--data-dir", missing.toString()), missing.toString(), "data directory does not exist");
        Path empty = BadInput.dataDir(dir.resolve("empty"), new byte[0], false);
        fails(List.of("--data-dir", empty.toString()), empty.resolve("train-images-idx3-ubyte.gz").toString());
        Path garbage = BadInput.dataDir(dir.resolve("garbage"), "not an IDX file".getBytes(StandardCharsets.US_ASCII), true);
        fails(List.of("--data-dir", garbage.toString()), garbage.resolve("train-images-idx3-ubyte.gz").toString());
        Path notGzip = BadInput.dataDir(dir.resolve("plain"), "not gzip at all".getBytes(StandardCharsets.US_ASCII), false);
        fails(List.of("--data-dir", notGzip.toString()), notGzip.resolve("train-images-idx3-ubyte.gz").toString());
        try (var s = Files.list(dir)) {
            assertEquals(List.of("empty", "garbage", "plain"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no output directory left");
        }
    }
}
