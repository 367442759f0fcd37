package org.splitfuse.bench.fusion;

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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.LayeredConfig;

class FusionBenchTest {

    private static FusionSettings settings(Path dir, String... overrides) {
        List<String> all = new ArrayList<>(List.of("models=[small-cnn]", "width=0.5", "ks=[2]", "shards=[iid, skew]",
                "train.epochs=1", "data.train-limit=1200", "data.test-limit=300", "activation-samples=50", "repair-samples=60",
                "mean-rounds=2",
                "checkpoint-dir=\"" + dir.resolve("ck") + "\"", "output-dir=\"" + dir.resolve("out") + "\""));
        all.addAll(List.of(overrides));
        return FusionSettings.from(LayeredConfig.load("fusion-reference.conf", "fusion", null, all));
    }

    @Test
    void smallRunReportsParentsVanillaAndBothFusions(@TempDir Path dir) throws Exception {
        FusionBench.run(settings(dir));
        List<String> csv = Files.readAllLines(dir.resolve("out/fusion.csv"));
        assertEquals("model,seed,k,shards,method,accuracy", csv.get(0));
        assertEquals(1 + 2 * (2 + 5 + 2), csv.size(), "2 shard kinds x (2 parents, vanilla, ot-weight, ot-activation, both "
                + "to the mean, and both with the least-squares refit)");
        for (String method : List.of("parent-0", "parent-1", "vanilla", "ot-weight", "ot-activation", "ot-weight-mean",
                "ot-activation-mean", "ot-weight-ls", "ot-activation-ls")) {
            assertTrue(csv.stream().anyMatch(l -> l.startsWith("small-cnn,1,2,iid," + method + ",")), method);
            assertTrue(csv.stream().anyMatch(l -> l.startsWith("small-cnn,1,2,skew," + method + ",")), method);
        }
        List<String> plain = Files.readAllLines(dir.resolve("out/fusion-no-repair.csv"));
        assertEquals(csv.size() - 2 * 2, plain.size(), "the same rows without REPAIR (the refit has no plain twin)");
        assertTrue(plain.stream().noneMatch(l -> l.contains("-ls,")));
        assertEquals(csv.stream().filter(l -> l.contains(",parent-")).toList(),
                plain.stream().filter(l -> l.contains(",parent-")).toList(), "the parents are shared");
        assertTrue(Files.readString(dir.resolve("out/fusion.md")).contains("| small-cnn | 1 | 2 | iid |"));
        assertTrue(ImageIO.read(dir.resolve("out/fusion.png").toFile()).getWidth() > 0);

        FusionBench.run(settings(dir, "models=[mlp]", "shards=[iid]", "mean-rounds=0"));
        List<String> merged = Files.readAllLines(dir.resolve("out/fusion.csv"));
        assertEquals(csv.size() + (2 + 3 + 2), merged.size(), "the small CNN's rows are kept, the MLP's added (mean-rounds=0: "
                + "no fusion to the mean)");
        assertTrue(merged.stream().noneMatch(l -> l.startsWith("mlp,") && l.contains("-mean,")));
        assertEquals(plain.size() + (2 + 3), Files.readAllLines(dir.resolve("out/fusion-no-repair.csv")).size());
        assertTrue(merged.containsAll(csv.subList(1, csv.size())), "kept rows unchanged");
        assertTrue(Files.readString(dir.resolve("out/fusion.md")).contains("| mlp | 1 | 2 | iid |"));

        FusionBench.run(settings(dir, "shards=[skew]"));
        List<String> rerun = Files.readAllLines(dir.resolve("out/fusion.csv"));
        assertEquals(merged.size(), rerun.size(), "one cell rerun replaces its own rows only");
        assertTrue(rerun.containsAll(merged.stream().filter(l -> !l.startsWith("small-cnn,1,2,skew,")).toList()),
                "the small CNN's iid cell and the MLP's rows are kept");
    }

    @Test
    void eachSeedTrainsAndFusesItsOwnShardModelsAndThePoolIsTheirMean(@TempDir Path dir) throws Exception {
        FusionSettings s = settings(dir, "models=[mlp]", "shards=[iid]", "mean-rounds=0", "repair-samples=0",
                "train.seeds=[1, 5]");
        assertEquals(List.of(1L, 5L), s.seeds());
        FusionBench.run(s);
        List<String> checkpoints;
        try (var files = Files.list(dir.resolve("ck"))) {
            checkpoints = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(4, checkpoints.size(), "2 seeds x 2 shard models: " + checkpoints);
        List<INDArray> params = new ArrayList<>();
        for (String name : checkpoints) {
            try (java.io.InputStream in = Files.newInputStream(dir.resolve("ck").resolve(name))) {
                params.add(org.splitfuse.core.model.ModelIO.read(in, name).params());
            }
        }
        for (int i = 0; i < params.size(); i++) {
            for (int j = i + 1; j < params.size(); j++) {
                assertTrue(!params.get(i).equalsWithEps(params.get(j), 1e-3), checkpoints.get(i) + " vs " + checkpoints.get(j));
            }
        }

        List<String[]> rows = Files.readAllLines(dir.resolve("out/fusion.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        assertEquals(2 * (2 + 3), rows.size(), "2 seeds x (2 parents, vanilla, ot-weight, ot-activation)");
        String md = Files.readString(dir.resolve("out/fusion.md"));
        for (String seed : List.of("1", "5")) {
            assertEquals(5, rows.stream().filter(f -> f[1].equals(seed)).count(), "seed " + seed);
            assertTrue(md.contains("| mlp | " + seed + " | 2 | iid | "), md);
        }
        // the pooled row, recomputed here from the per-seed rows: each column the mean over the seeds
        String pooled = md.lines().filter(l -> l.startsWith("| mlp | mean of 2 | 2 | iid | ")).findFirst()
                .orElseThrow(() -> new AssertionError("no pooled row in\n" + md));
        String[] cells = pooled.split("\\|");
        double parentsMean = 0;
        double vanilla = 0;
        double activation = 0;
        for (String seed : List.of("1", "5")) {
            List<String[]> mine = rows.stream().filter(f -> f[1].equals(seed)).toList();
            parentsMean += 100 * mine.stream().filter(f -> f[4].startsWith("parent-")).mapToDouble(f -> Double.parseDouble(f[5]))
                    .average().orElseThrow() / 2;
            vanilla += 100 * accuracy(mine, "vanilla") / 2;
            activation += 100 * accuracy(mine, "ot-activation") / 2;
        }
        assertEquals(parentsMean, Double.parseDouble(cells[5].trim()), 0.006, pooled);
        assertEquals(vanilla, Double.parseDouble(cells[7].trim()), 0.006, pooled);
        assertEquals(activation, Double.parseDouble(cells[9].trim()), 0.006, pooled);

        FusionBench.run(settings(dir, "models=[mlp]", "shards=[iid]", "mean-rounds=0", "repair-samples=0", "train.seeds=[5]"));
        List<String> rerun = Files.readAllLines(dir.resolve("out/fusion.csv"));
        assertEquals(1 + rows.size(), rerun.size(), "seed 5 rerun replaces its own rows, seed 1's are kept");
        assertTrue(rerun.stream().filter(l -> l.startsWith("mlp,1,")).count() == 5, rerun.toString());
    }

    private static double accuracy(List<String[]> rows, String method) {
        return rows.stream().filter(f -> f[4].equals(method)).mapToDouble(f -> Double.parseDouble(f[5])).findFirst().orElseThrow();
    }

    @Test
    void perModelEpochsOverrideTheDefault(@TempDir Path dir) {
        FusionSettings s = settings(dir, "train.epochs=3", "train.model-epochs.resnet18=2");
        assertEquals(2, s.epochs(org.splitfuse.core.model.ModelFamily.RESNET18));
        assertEquals(3, s.epochs(org.splitfuse.core.model.ModelFamily.SMALL_CNN));
        ConfigError e = assertThrows(ConfigError.class, () -> settings(dir, "train.model-epochs.resnet18=0"));
        assertTrue(e.getMessage().contains("model-epochs.resnet18"), e.getMessage());
    }

    @Test
    void badConfigIsOneClearError(@TempDir Path dir) {
        ConfigError e = assertThrows(ConfigError.class, () -> settings(dir, "ks=[1]"));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "shards=[iid, dirichlet]"));
        assertTrue(e.getMessage().contains("dirichlet"), e.getMessage());
    }
}
