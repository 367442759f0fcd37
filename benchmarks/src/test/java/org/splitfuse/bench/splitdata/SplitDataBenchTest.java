package org.splitfuse.bench.splitdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        assertEquals("method,accuracy,params,train_s,total_s,bytes_moved,network,k,width,wire_bytes,total_s_runs", csv.get(0));
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

        // repeats: two more finished paf runs, 10 s and 20 s slower: the row is the middle one's
        double t = Double.parseDouble(paf[4]);
        for (int run : new int[] {2, 3}) {
            Path copy = Files.createDirectories(dir.resolve("runs/paf.run" + run));
            ObjectNode r = (ObjectNode) new ObjectMapper().readTree(report.toFile());
            r.put("plan_seconds", t + 10 * (run - 1));
            Files.writeString(copy.resolve("report.json"), r.toString());
        }
        SplitDataBench.run(settings(dir, "methods=[paf]", "reuse-runs=true", "repeats=3"));
        String[] median = Files.readAllLines(dir.resolve("out/split-data.csv")).stream().filter(l -> l.startsWith("paf,"))
                .findFirst().orElseThrow().split(",");
        assertEquals(t + 10, Double.parseDouble(median[4]), 0.051, "the median run's time: " + String.join(",", median));
        assertEquals(List.of(t, t + 10, t + 20), java.util.Arrays.stream(median[10].split(";")).map(Double::parseDouble).toList(),
                "every run's time, in run order");
        assertTrue(Files.readString(dir.resolve("out/split-data.md")).contains("(median of 3: "));
    }

    @Test
    void medianIndexIsTheMiddleRunOrTheLowerOfTwo() {
        assertEquals(2, SplitDataBench.medianIndex(List.of(5.0, 9.0, 7.0)));
        assertEquals(0, SplitDataBench.medianIndex(List.of(4.0, 8.0)));
        assertEquals(0, SplitDataBench.medianIndex(List.of(3.0)));
    }

    @Test
    void repeatsBelowOneIsOneClearError(@TempDir Path dir) {
        ConfigError e = assertThrows(ConfigError.class, () -> settings(dir, "repeats=0"));
        assertTrue(e.getMessage().contains("'repeats'"), e.getMessage());
    }

    @Test
    void unknownMethodIsOneClearError(@TempDir Path dir) {
        ConfigError e = assertThrows(ConfigError.class, () -> settings(dir, "methods=[paf, allreduce]"));
        assertTrue(e.getMessage().contains("allreduce"), e.getMessage());
    }
}
