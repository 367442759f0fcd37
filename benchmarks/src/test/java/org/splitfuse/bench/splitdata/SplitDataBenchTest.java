package org.splitfuse.bench.splitdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.LayeredConfig;
import org.splitfuse.core.data.RealData;

class SplitDataBenchTest {

    private static SplitDataSettings settings(Path dir, String... overrides) {
        List<String> all = new ArrayList<>();
        for (String m : List.of("paf:paf-fashion-mnist", "fap:fap-fashion-mnist", "whole-data:whole-data", "sync-dp:sync-dp",
                "kfold:kfold")) {
            String[] p = m.split(":");
            all.add("configs." + p[0] + "=\"../configs/" + p[1] + ".conf\"");
        }
        // a smoke run of the real configs: the small CNN on 3000 images, one epoch
        all.add("job-overrides=[\"model.family=small-cnn\", \"data.train-limit=3000\", \"data.test-limit=600\", "
                + "\"train.epochs=1\", \"spark.master=local[2]\"]");
        all.add("run-dir=\"" + dir.resolve("runs") + "\"");
        all.add("output-dir=\"" + dir.resolve("out") + "\"");
        all.addAll(List.of(overrides));
        return SplitDataSettings.from(LayeredConfig.load("split-data-reference.conf", "split-data", null, all));
    }

    @Test
    void runsEachPlanThroughTheJobAndComparesThem(@TempDir Path dir) throws Exception {
        RealData.fashionMnist();
        SplitDataBench.run(settings(dir, "methods=[paf, sync-dp]"));
        List<String> csv = Files.readAllLines(dir.resolve("out/split-data.csv"));
        assertEquals("method,accuracy,params,train_s,total_s,bytes_moved,network,k,width,wire_bytes", csv.get(0));
        assertEquals(3, csv.size(), csv.toString());
        String[] paf = csv.get(1).split(",");
        String[] sync = csv.get(2).split(",");
        assertEquals("paf", paf[0]);
        assertEquals("sync-dp", sync[0]);
        assertEquals(paf[2], sync[2], "the same architecture pruned at the same sparsity: " + csv);
        assertEquals(List.of("loopback", "2", "0.25", "0"), List.of(paf[6], paf[7], paf[8], paf[9]), "one JVM: no wire");
        assertTrue(Double.parseDouble(paf[4]) >= Double.parseDouble(paf[3]), "time to the final model includes training");
        assertTrue(Long.parseLong(paf[5]) < Long.parseLong(sync[5]), "Split-Data moves less than synchronous training");
        String md = Files.readString(dir.resolve("out/split-data.md"));
        assertTrue(md.contains("bytes moved 1/") && md.contains("| paf |"), md);
        assertTrue(ImageIO.read(dir.resolve("out/split-data.png").toFile()).getWidth() > 0);
        assertTrue(Files.readAllLines(dir.resolve("out/split-data-stages.csv")).stream().anyMatch(l -> l.startsWith("paf,prune-each,")));

        Path report = dir.resolve("runs/paf/report.json");
        long written = Files.getLastModifiedTime(report).toMillis();
        SplitDataBench.run(settings(dir, "methods=[whole-data, paf]", "reuse-runs=true"));
        List<String> merged = Files.readAllLines(dir.resolve("out/split-data.csv"));
        assertEquals(4, merged.size(), "sync-dp kept, paf read again, whole-data added: " + merged);
        assertEquals(written, Files.getLastModifiedTime(report).toMillis(), "the finished paf run reused, not run again");
        assertEquals(csv.get(1), merged.stream().filter(l -> l.startsWith("paf,")).findFirst().orElseThrow(),
                "the reused run gives the same row");
        String withWhole = Files.readString(dir.resolve("out/split-data.md"));
        assertTrue(withWhole.contains("faster (target: 1.4x)") && withWhole.contains("(target: at most 0.3 under)"), withWhole);
    }

    @Test
    void unknownMethodIsOneClearError(@TempDir Path dir) {
        ConfigError e = assertThrows(ConfigError.class, () -> settings(dir, "methods=[paf, allreduce]"));
        assertTrue(e.getMessage().contains("allreduce"), e.getMessage());
    }
}
