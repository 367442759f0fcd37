package org.splitfuse.spark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.splitfuse.core.data.RealData;
import org.splitfuse.spark.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped 2 x 2 quickstart sweep on tiny data, killed (SIGTERM to its JVM) after its first
 * cell and run again: the rerun keeps the first cell, runs only the other three, and sweep.csv
 * holds all four.
 */
class SweepResumeTest {

    private static final String SWEEP = "../configs/sweeps/quickstart.conf";
    /** Tiny data and one epoch: a cell takes seconds; one Spark task at a time. */
    private static final List<String> TINY = List.of("data.train-limit=1000", "data.test-limit=200", "train.epochs=1",
            "model.width=0.5", "spark.master=local[2]");

    @TempDir
    Path dir;

    @Test
    void killedAfterTheFirstCellResumesWithTheRemainingThree() throws Exception {
        RealData.fashionMnist();
        Path out = dir.resolve("sweep");
        List<String> args = new ArrayList<>(List.of(SWEEP));
        args.addAll(TINY);
        args.add("sweep.output=" + out);

        // first run: its own JVM, SIGTERM as soon as the first cell is reported done
        Process p = ChildJvm.start(Sweep.class, args);
        CompletableFuture<String> stderr = ChildJvm.stderr(p);
        StringBuilder stdout = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = lines.readLine()) != null) {
                stdout.append(line).append('\n');
                if (!sent && line.startsWith("sweep: cell 1 of 4 (") && line.contains(") done (accuracy")) {
                    sent = true;
                    p.toHandle().destroy(); // SIGTERM
                }
            }
        } finally {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String err = stderr.get(10, TimeUnit.SECONDS);
        assertEquals(143, p.exitValue(), err + stdout);
        assertTrue(err.contains("splitfuse sweep: stopped by SIGTERM; 1 of 4 cell(s) done"), err);
        assertFalse(err.contains("\tat "), "a stack trace was printed:\n" + err);
        Path first = out.resolve("plan.kind=paf,prune.sparsity=0.3");
        assertTrue(Files.isRegularFile(first.resolve("_SUCCESS")), stdout.toString());
        assertEquals(List.of("plan.kind=paf,prune.sparsity=0.3"), cellDirs(out), "only the first cell's output, nothing half-written");
        assertEquals(2, Files.readAllLines(out.resolve("sweep.csv")).size(), "the header and the first cell");
        FileTime firstWritten = Files.getLastModifiedTime(first.resolve("report.json"));

        // the rerun, in this JVM: the first cell is kept, the other three run
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = Sweep.run(args.toArray(new String[0]), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        String rerun = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, rerun + e);
        List<String> sweepLines = rerun.lines().filter(l -> l.startsWith("sweep: cell")).toList();
        assertEquals(List.of(
                "sweep: cell 1 of 4 (plan.kind=paf, prune.sparsity=0.3) already done (_SUCCESS, same config): kept",
                "sweep: cell 2 of 4 (plan.kind=paf, prune.sparsity=0.5): running",
                "sweep: cell 3 of 4 (plan.kind=fap, prune.sparsity=0.3): running",
                "sweep: cell 4 of 4 (plan.kind=fap, prune.sparsity=0.5): running"),
                sweepLines.stream().filter(l -> l.endsWith(": kept") || l.endsWith(": running")).toList(), rerun);
        assertEquals(3, sweepLines.stream().filter(l -> l.matches("sweep: cell \\d of 4 \\(.*\\) done \\(accuracy .*; elapsed .*, ETA .*")).count(),
                rerun);
        assertEquals(firstWritten, Files.getLastModifiedTime(first.resolve("report.json")), "the first cell ran again");

        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals("cell,status,plan.kind,prune.sparsity,seed,accuracy,params,flops,total_s,time_s_train,"
                + "time_s_prune-each,time_s_fuse,time_s_tune-fused,time_s_prune,time_s_tune,bytes_moved,error", csv.get(0));
        assertEquals(5, csv.size(), String.join("\n", csv));
        for (String row : csv.subList(1, 5)) {
            assertTrue(row.matches("\"plan\\.kind=(paf|fap),prune\\.sparsity=0\\.[35]\",ok,(paf|fap),0\\.[35],1,\\d+\\.\\d\\d,\\d+,\\d+,.*,$"), row);
        }
        assertEquals(4, cellDirs(out).size());
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("| plan.kind | prune.sparsity | runs | failed | accuracy (%) |"), md);
        javax.imageio.ImageIO.setUseCache(false);
        assertTrue(javax.imageio.ImageIO.read(out.resolve("sweep.png").toFile()).getWidth() > 400, "sweep.png is a picture");
    }

    /** The cells' output directories under the sweep (no hidden staging directories among them). */
    private static List<String> cellDirs(Path out) throws java.io.IOException {
        try (Stream<Path> entries = Files.list(out)) {
            List<String> names = entries.map(x -> x.getFileName().toString())
                    .filter(n -> n.contains("=") || n.startsWith(".p")).sorted().toList();
            return names;
        }
    }
}
