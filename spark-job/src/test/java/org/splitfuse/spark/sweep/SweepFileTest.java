package org.splitfuse.spark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid expansion, cell names, the tables' columns, and the shipped sweep files. */
class SweepFileTest {

    @TempDir
    Path dir;

    @Test
    void gridTimesZipTimesSeedsInAStableOrder() throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, "sweep { base = \"" + Path.of("../configs/quickstart.conf").toAbsolutePath() + "\"\n"
                + " grid { prune.sparsity = [0.3, 0.5], plan.kind = [paf, fap] }\n"
                + " zip { split.shards = [2, 4], data.train-limit = [1000, 2000] }\n"
                + " seeds = [1, 2], output = " + dir.resolve("out") + " }");
        SweepFile s = SweepFile.read(f.toFile(), List.of("train.epochs=1"));
        List<Cell> cells = Cell.all(s);
        assertEquals(2 * 2 * 2 * 2, cells.size());
        assertEquals("plan.kind=paf,prune.sparsity=0.3,data.train-limit=1000,split.shards=2,seed=1", cells.get(0).name());
        assertEquals("plan.kind=paf,prune.sparsity=0.3,data.train-limit=1000,split.shards=2,seed=2", cells.get(1).name());
        assertEquals("plan.kind=paf,prune.sparsity=0.3,data.train-limit=2000,split.shards=4,seed=1", cells.get(2).name());
        assertEquals(List.of("plan.kind=fap", "prune.sparsity=0.3", "data.train-limit=1000", "split.shards=2",
                "model.seed=1", "train.shuffle-seed=1"), cells.get(8).overrides(s.seedKeys()));
        assertEquals(List.of("train.epochs=1"), s.overrides());
        // every cell's config is read (and checked) before any runs; fingerprints tell the cells apart
        SweepRunner runner = new SweepRunner(s, new PrintStream(new ByteArrayOutputStream()), System.err);
        assertEquals(16, runner.cells().stream().map(c -> runner.config(c).fingerprint()).distinct().count());
        assertEquals(1, runner.config(cells.get(0)).train().epochs());
    }

    @Test
    void theFingerprintIgnoresOnlyTheOutput() throws Exception {
        var a = org.splitfuse.spark.config.ConfigLoader.load(null, List.of("output.uri=/a", "prune.sparsity=0.5"));
        var b = org.splitfuse.spark.config.ConfigLoader.load(null, List.of("output.uri=/b", "prune.sparsity=0.5"));
        var c = org.splitfuse.spark.config.ConfigLoader.load(null, List.of("output.uri=/a", "prune.sparsity=0.6"));
        assertEquals(a.fingerprint(), b.fingerprint());
        assertNotEquals(a.fingerprint(), c.fingerprint());
    }

    @Test
    void csvColumnsInOrderWithStagesInPlanOrderAndAFailedCell() {
        Cell paf = new Cell(1, Map.of("plan.kind", "paf"), null);
        Cell fap = new Cell(2, Map.of("plan.kind", "fap"), null);
        Cell bad = new Cell(3, Map.of("plan.kind", "kfold"), null);
        var rows = List.of(
                new CellResult(paf, true, 1, 88.123, 100, 2000, 12.34, new java.util.LinkedHashMap<>(), 5, ""),
                new CellResult(fap, true, 1, 87.5, 100, 2000, 10, new java.util.LinkedHashMap<>(), 6, ""),
                CellResult.failed(bad, 1, "config key 'split.shards': plan kfold needs an even number, got 3"));
        rows.get(0).stages().put("train", 10.0);
        rows.get(0).stages().put("prune-each", 1.0);
        rows.get(0).stages().put("fuse", 0.5);
        rows.get(1).stages().put("train", 8.0);
        rows.get(1).stages().put("fuse", 0.5);
        rows.get(1).stages().put("prune", 1.5);
        List<String> csv = SweepTables.csv(List.of("plan.kind"), rows).lines().toList();
        assertEquals("cell,status,plan.kind,seed,accuracy,params,flops,total_s,time_s_train,time_s_prune-each,time_s_fuse,"
                + "time_s_prune,bytes_moved,error", csv.get(0));
        assertEquals("plan.kind=paf,ok,paf,1,88.12,100,2000,12.3,10.0,1.0,0.5,,5,", csv.get(1));
        assertEquals("plan.kind=kfold,failed,kfold,1,,,,,,,,,,\"config key 'split.shards': plan kfold needs an even number, got 3\"",
                csv.get(3));
        assertEquals("1.00 +- 1.00", SweepTables.meanStd(new double[] {0, 1, 2}, "%.2f"));
    }

    @Test
    void everyShippedSweepReadsAndEveryCellConfigLoads() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "configs", "sweeps"))) {
            List<Path> sweeps = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertTrue(sweeps.size() >= 6, sweeps.toString());
            for (Path p : sweeps) {
                SweepFile s = SweepFile.read(new File(p.toString()), List.of("sweep.output=" + dir.resolve("o")));
                SweepRunner runner = new SweepRunner(s, new PrintStream(new ByteArrayOutputStream()), System.err);
                assertTrue(runner.cells().size() >= 2, p.toString());
            }
        }
    }
}
