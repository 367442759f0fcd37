package org.splitfuse.bench.datafree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.LayeredConfig;

class DataFreeBenchTest {

    private static DataFreeSettings settings(Path dir, String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("models=[small-cnn]", "width=0.5", "train.epochs=1",
                "data.train-limit=1000", "data.test-limit=200", "sparsities=[0.5]", "all-groups-sparsities=[0.5]",
                "logit-examples=100", "checkpoint-dir=\"" + dir.resolve("ck") + "\"", "output-dir=\"" + dir.resolve("out") + "\""));
        all.addAll(List.of(overrides));
        return DataFreeSettings.from(LayeredConfig.load("data-free-reference.conf", "data-free", null, all));
    }

    @Test
    void smallRunWritesTheCsvTableAndPlotsAndReusesItsCheckpoint(@TempDir Path dir) throws Exception {
        DataFreeSettings s = settings(dir);
        DataFreeBench.run(s);
        List<String> csv = Files.readAllLines(dir.resolve("out/data-free.csv"));
        assertEquals("model,seed,group,sparsity,method,accuracy,logit_l2", csv.get(0));
        assertEquals(1 + (3 + 1) * 4, csv.size(), "3 groups + all, 1 sparsity, 4 methods");
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            assertEquals("1", f[1], "the default seed: " + line);
            double accuracy = Double.parseDouble(f[5]);
            assertTrue(accuracy >= 0 && accuracy <= 1, line);
            assertTrue(Double.parseDouble(f[6]) >= 0, line);
        }
        String md = Files.readString(dir.resolve("out/data-free.md"));
        assertTrue(md.contains("| group | sparsity | default | if-paper | if-preserving | if-rescaled | gain |"), md);
        assertTrue(ImageIO.read(dir.resolve("out/data-free-small-cnn.png").toFile()).getWidth() > 0);
        Path checkpoint = Checkpoints.path(s, org.splitfuse.core.model.ModelFamily.SMALL_CNN, 1);
        long trainedAt = Files.getLastModifiedTime(checkpoint).toMillis();
        DataFreeBench.run(s);
        assertEquals(trainedAt, Files.getLastModifiedTime(checkpoint).toMillis(), "the checkpoint is reused");

        DataFreeBench.run(settings(dir, "models=[mlp]", "data.eval-limit=100"));
        List<String> merged = Files.readAllLines(dir.resolve("out/data-free.csv"));
        assertEquals(csv.size() - 1 + (2 + 1) * 4, merged.size() - 1, "the small CNN's rows are kept, the MLP's added");
        assertTrue(merged.stream().anyMatch(l -> l.startsWith("small-cnn,")) && merged.stream().anyMatch(l -> l.startsWith("mlp,")));
        assertEquals(3, Files.readAllLines(dir.resolve("out/data-free-base.csv")).size(), "header + two models");

        // models = []: nothing trained or pruned, the report rewritten from both models' stored rows
        Files.delete(dir.resolve("out/data-free.md"));
        List<Path> checkpoints;
        try (var files = Files.list(dir.resolve("ck"))) {
            checkpoints = files.sorted().toList();
        }
        DataFreeBench.run(settings(dir, "models=[]"));
        assertEquals(merged, Files.readAllLines(dir.resolve("out/data-free.csv")), "the stored rows are left as they are");
        try (var files = Files.list(dir.resolve("ck"))) {
            assertEquals(checkpoints, files.sorted().toList(), "no checkpoint trained");
        }
        String rewritten = Files.readString(dir.resolve("out/data-free.md"));
        assertTrue(rewritten.contains("## small-cnn") && rewritten.contains("## mlp"), rewritten);
    }

    @Test
    void anEmptyModelListWithNothingStoredIsOneError(@TempDir Path dir) {
        org.splitfuse.core.InputError e = assertThrows(org.splitfuse.core.InputError.class,
                () -> DataFreeBench.run(settings(dir, "models=[]")));
        assertTrue(e.getMessage().contains("holds none"), e.getMessage());
    }

    @Test
    void repairSuffixesPruneWithDataAndStayOutOfTheDataFreeGain(@TempDir Path dir) throws Exception {
        DataFreeBench.run(settings(dir, "sparsities=[]", "methods=[default, default-repair, if-paper, if-paper-bn]",
                "repair-samples=64"));
        List<String> csv = Files.readAllLines(dir.resolve("out/data-free.csv"));
        assertEquals(1 + 4, csv.size(), "all groups, 4 methods");
        double[] logitL2 = csv.subList(1, 5).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[6])).toArray();
        assertTrue(csv.get(2).contains(",default-repair,") && csv.get(4).contains(",if-paper-bn,"), csv.toString());
        assertTrue(Math.abs(logitL2[0] - logitL2[1]) > 1e-4 && Math.abs(logitL2[2] - logitL2[3]) > 1e-4,
                "REPAIR changes the pruned logits: " + java.util.Arrays.toString(logitL2));
        String md = Files.readString(dir.resolve("out/data-free.md"));
        assertTrue(md.contains("| group | sparsity | default | default-repair | if-paper | if-paper-bn | gain |"), md);
    }

    @Test
    void everyCellRunsOnEverySeedsCheckpointAndThePoolIsTheirMean(@TempDir Path dir) throws Exception {
        DataFreeSettings s = settings(dir, "train.seeds=[1, 2]");
        assertEquals(List.of(1L, 2L), s.seeds());
        DataFreeBench.run(s);
        INDArray one = params(Checkpoints.path(s, ModelFamily.SMALL_CNN, 1));
        INDArray two = params(Checkpoints.path(s, ModelFamily.SMALL_CNN, 2));
        assertTrue(!one.equalsWithEps(two, 1e-3), "two independently trained checkpoints");

        List<String[]> rows = Files.readAllLines(dir.resolve("out/data-free.csv")).stream().skip(1).map(l -> l.split(","))
                .toList();
        assertEquals(2 * (3 + 1) * 4, rows.size(), "2 seeds x (3 groups + all) x 4 methods");
        for (String seed : List.of("1", "2")) {
            assertEquals((3 + 1) * 4, rows.stream().filter(f -> f[1].equals(seed)).count(), "seed " + seed);
        }
        List<String> base = Files.readAllLines(dir.resolve("out/data-free-base.csv"));
        assertEquals(List.of("model,seed,accuracy,epochs,eval_examples"), base.subList(0, 1));
        assertEquals(List.of("small-cnn,1", "small-cnn,2"), base.stream().skip(1).map(l -> l.substring(0, l.indexOf(',', 10)))
                .toList());

        // the pooled figures, recomputed here from the rows: single groups, 30-70%, both seeds together
        List<String[]> single = rows.stream().filter(f -> !f[2].equals("all")).toList();
        String md = Files.readString(dir.resolve("out/data-free.md"));
        String pooled = md.substring(md.indexOf("### small-cnn pooled over 2 checkpoints (seeds 1, 2)"),
                md.indexOf("### small-cnn seed 1"));
        assertTrue(md.indexOf("### small-cnn seed 2") > md.indexOf("### small-cnn seed 1"), md);
        double perSeedMeans = 0;
        for (String seed : List.of("1", "2")) {
            perSeedMeans += mean(single.stream().filter(f -> f[1].equals(seed) && f[4].equals("default")).toList()) / 2;
        }
        for (String method : List.of("default", "if-paper", "if-preserving", "if-rescaled")) {
            double mean = mean(single.stream().filter(f -> f[4].equals(method)).toList());
            assertEquals(mean, tableValue(pooled, method, 1), 0.006, method + " in\n" + pooled);
            assertEquals(6, (int) tableValue(pooled, method, 2), "3 groups x 2 seeds");
        }
        assertEquals(perSeedMeans, tableValue(pooled, "default", 1), 0.006, "the pool is the mean of the seeds' means");
        double bestSum = 0;
        int paperWins = 0;
        double worst = Double.POSITIVE_INFINITY;
        for (String[] d : single.stream().filter(f -> f[4].equals("default")).toList()) {
            double paper = accuracy(single, d, "if-paper");
            double preserving = accuracy(single, d, "if-preserving");
            // the best-of row is the published modes'; the worst cell is the best of every data-free mode's
            bestSum += Math.max(paper, preserving);
            paperWins += paper > Double.parseDouble(d[5]) ? 1 : 0;
            double better = Math.max(Math.max(paper, preserving), accuracy(single, d, "if-rescaled"));
            worst = Math.min(worst, better - Double.parseDouble(d[5]));
        }
        assertEquals(100 * bestSum / 6, tableValue(pooled, "best of if-paper / if-preserving", 1), 0.006, pooled);
        assertTrue(pooled.contains("| if-paper | ") && pooled.contains(" | " + paperWins + " of 6 ("), pooled);
        assertTrue(pooled.contains(String.format(java.util.Locale.ROOT, "(%+.2f points against default)", 100 * worst)), pooled);

        DataFreeBench.run(settings(dir, "train.seeds=[2]", "methods=[default]"));
        List<String> rerun = Files.readAllLines(dir.resolve("out/data-free.csv"));
        assertEquals(1 + (3 + 1) * 4 + (3 + 1), rerun.size(), "seed 1's rows kept, seed 2's replaced by this run's");
        assertTrue(rerun.stream().noneMatch(l -> l.startsWith("small-cnn,2,") && l.contains(",if-")), rerun.toString());
    }

    private static INDArray params(Path checkpoint) throws Exception {
        try (java.io.InputStream in = Files.newInputStream(checkpoint)) {
            return org.splitfuse.core.model.ModelIO.read(in, checkpoint.toString()).params();
        }
    }

    /** The mean accuracy of CSV rows, in %. */
    private static double mean(List<String[]> rows) {
        return 100 * rows.stream().mapToDouble(f -> Double.parseDouble(f[5])).average().orElseThrow();
    }

    /** The accuracy of {@code method} in the cell (seed, group, sparsity) of {@code cell}. */
    private static double accuracy(List<String[]> rows, String[] cell, String method) {
        return rows.stream().filter(f -> f[1].equals(cell[1]) && f[2].equals(cell[2]) && f[3].equals(cell[3])
                && f[4].equals(method)).mapToDouble(f -> Double.parseDouble(f[5])).findFirst().orElseThrow();
    }

    /** Column {@code column} (0 = the name) of the markdown table row named {@code name}. */
    private static double tableValue(String md, String name, int column) {
        String line = md.lines().filter(l -> l.startsWith("| " + name + " | ")).findFirst().orElseThrow(() ->
                new AssertionError("no row '" + name + "' in\n" + md));
        return Double.parseDouble(line.split("\\|")[column + 1].trim());
    }

    @Test
    void badConfigIsOneClearError(@TempDir Path dir) {
        ConfigError e = assertThrows(ConfigError.class, () -> settings(dir, "methods=[default, if-magic]"));
        assertTrue(e.getMessage().contains("if-magic"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "methods=[default-magic]"));
        assertTrue(e.getMessage().contains("default-magic") && e.getMessage().contains("-bn or -ls or -repair"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "repair-samples=1"));
        assertTrue(e.getMessage().contains("'repair-samples'"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "sparsites=[0.5]"));
        assertTrue(e.getMessage().contains("did you mean 'sparsities'"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "train.seeds=[]"));
        assertTrue(e.getMessage().contains("'train.seeds' is empty"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "train.seeds=[1, 2.5]"));
        assertTrue(e.getMessage().contains("'train.seeds'") && e.getMessage().contains("2.5"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> settings(dir, "sparsities=[1.5]"));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        assertTrue(!new File(dir.resolve("out").toString()).exists());
    }
}
