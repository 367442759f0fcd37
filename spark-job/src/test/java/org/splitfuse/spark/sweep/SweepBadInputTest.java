package org.splitfuse.spark.sweep;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad sweep file or argument: one line naming the file and the problem, exit 2, nothing written. */
class SweepBadInputTest {

    @TempDir
    Path dir;

    private String fails(String sweepText, String... args) throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, sweepText.replace("OUT", dir.resolve("out").toString()));
        List<String> a = new ArrayList<>(List.of(file.toString()));
        a.addAll(List.of(args));
        return failsWith(a.toArray(new String[0]));
    }

    private String failsWith(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Sweep.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, e);
        List<String> lines = e.lines().toList();
        assertEquals(1, lines.size(), e);
        assertTrue(lines.get(0).startsWith("splitfuse sweep: error: "), e);
        assertFalse(e.contains("\tat "), e);
        assertFalse(Files.exists(dir.resolve("out")), "the sweep wrote something");
        return lines.get(0);
    }

    private static final String BASE = "base = \"" + Path.of("../configs/quickstart.conf").toAbsolutePath() + "\"\n";

    @Test
    void missingFile() {
        String line = failsWith(dir.resolve("nope.conf").toString());
        assertTrue(line.contains("sweep file not found: " + dir.resolve("nope.conf")), line);
    }

    @Test
    void emptyGridList() throws Exception {
        String line = fails("sweep { " + BASE + " grid { prune.sparsity = [] }, output = OUT }");
        assertTrue(line.contains("bad.conf: sweep.grid.prune.sparsity is an empty list"), line);
    }

    @Test
    void nothingToSweep() throws Exception {
        String line = fails("sweep { " + BASE + " output = OUT }");
        assertTrue(line.contains("bad.conf: nothing to sweep"), line);
    }

    @Test
    void unknownSweepKey() throws Exception {
        String line = fails("sweep { " + BASE + " grids { prune.sparsity = [0.5] }, output = OUT }");
        assertTrue(line.contains("bad.conf: unknown key 'sweep.grids'"), line);
    }

    @Test
    void unknownJobKeyInTheGridIsTheJobsOwnError() throws Exception {
        String line = fails("sweep { " + BASE + " grid { prune.sparsty = [0.3, 0.5] }, output = OUT }");
        assertTrue(line.contains("bad.conf: cell prune.sparsty=0.3: unknown config key: prune.sparsty (did you mean 'prune.sparsity'?)"),
                line);
    }

    @Test
    void badValueOfAGridKeyNamesTheCell() throws Exception {
        String line = fails("sweep { " + BASE + " grid { prune.sparsity = [0.5, 1.5] }, output = OUT }");
        assertTrue(line.contains("cell prune.sparsity=1.5: config key 'prune.sparsity' must be in [0, 1), got 1.5"), line);
    }

    @Test
    void zippedListsOfDifferentLengths() throws Exception {
        String line = fails("sweep { " + BASE + " zip { model.family = [mlp, small-cnn], model.width = [1.0] }, output = OUT }");
        assertTrue(line.contains("the zipped keys need lists of one length"), line);
    }

    @Test
    void gridValueThatIsNotAList() throws Exception {
        String line = fails("sweep { " + BASE + " grid { prune.sparsity = 0.5 }, output = OUT }");
        assertTrue(line.contains("sweep.grid.prune.sparsity must be a list of values"), line);
    }

    @Test
    void missingOutput() throws Exception {
        String line = fails("sweep { " + BASE + " grid { prune.sparsity = [0.5] } }");
        assertTrue(line.contains("sweep.output is missing"), line);
    }

    @Test
    void missingBaseConfig() throws Exception {
        String line = fails("sweep { base = no-such.conf, grid { prune.sparsity = [0.5] }, output = OUT }");
        assertTrue(line.contains("sweep.base: config file not found: " + dir.resolve("no-such.conf")), line);
    }

    @Test
    void hoconSyntaxErrorNamesTheFileOnce() throws Exception {
        String line = fails("sweep { grid { prune.sparsity = [0.5 }");
        assertTrue(line.startsWith("splitfuse sweep: error: sweep file " + dir.resolve("bad.conf") + ": line 1: "), line);
        assertEquals(line.indexOf("bad.conf"), line.lastIndexOf("bad.conf"), line);
    }

    @Test
    void badCommandLineOverride() throws Exception {
        String line = fails("sweep { " + BASE + " grid { prune.sparsity = [0.5] }, output = OUT }", "train.epochs=zero");
        assertTrue(line.contains("config key 'train.epochs' has the wrong type"), line);
    }

    @Test
    void noArguments() {
        String line = failsWith();
        assertTrue(line.contains("no sweep file given (usage: bin/splitfuse sweep SWEEP.conf"), line);
    }

    @Test
    void firstArgumentNotAFile() {
        String line = failsWith("prune.sparsity=0.5");
        assertTrue(line.contains("the first argument must be the sweep file, got 'prune.sparsity=0.5'"), line);
    }

    @Test
    void twoValuesThatMakeOneCellName() throws Exception {
        String line = fails("sweep { " + BASE + " grid { data.name = [\"a b\", \"a_b\"] }, output = OUT }");
        assertTrue(line.contains("bad.conf: the values 'a b' and 'a_b' of data.name give cells of one name"), line);
    }
}
