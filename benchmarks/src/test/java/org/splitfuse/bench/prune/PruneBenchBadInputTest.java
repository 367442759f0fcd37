package org.splitfuse.bench.prune;

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

/** prune-bench's bad command lines: one line, exit 2, before any network is built, nothing written. */
class PruneBenchBadInputTest {

    @TempDir
    Path dir;

    private void fails(List<String> args, String... fragments) {
        assertOneLineError(PruneBench::command, "splitfuse prune-bench", withOut(args, dir.resolve("out")), fragments);
    }

    @Test
    void badOptionsAreOneLineEach() throws Exception {
        fails(List.of("--verbose"), "unknown option --verbose");
        fails(List.of("stray"), "unexpected argument 'stray'");
        fails(List.of("--models", "vgg11-bn,alexnet"), "--models: unknown model 'alexnet'");
        fails(List.of("--input", "3x32"), "--input: ");
        fails(List.of("--sparsities", "0.5,half"), "--sparsities expects numbers separated by commas, got 'half'");
        fails(List.of("--sparsities", "1.0"), "--sparsities must each be in (0, 1), got 1.0");
        fails(List.of("--sparsities", "NaN"), "--sparsities must each be in (0, 1), got NaN");
        fails(List.of("--importance", "l3"), "--importance: unknown importance 'l3'; known: l1");
        fails(List.of("--width", "0"), "--width must be in (0, 64], got 0.0");
        fails(List.of("--batch", "0"), "--batch must be >= 1, got 0");
        fails(List.of("--repeats", "x"), "--repeats expects");
        assertEquals(List.of(), contents(dir), "nothing written");
    }

    @Test
    void anOutputThatCannotBeWrittenStopsItFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "keep");
        fails(List.of("--out", file.resolve("results").toString()), "pruning.csv: cannot be written there");
        assertEquals("keep", Files.readString(file));
    }
}
