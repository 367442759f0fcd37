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
        assertEquals("model,group,sparsity,method,accuracy,logit_l2", csv.get(0));
        assertEquals(1 + (3 + 1) * 3, csv.size(), "3 groups + all, 1 sparsity, 3 methods");
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            double accuracy = Double.parseDouble(f[4]);
            assertTrue(accuracy >= 0 && accuracy <= 1, line);
            assertTrue(Double.parseDouble(f[5]) >= 0, line);
        }
        String md = Files.readString(dir.resolve("out/data-free.md"));
        assertTrue(md.contains("| group | sparsity | default | if-paper | if-preserving | gain |"), md);
        assertTrue(ImageIO.read(dir.resolve("out/data-free-small-cnn.png").toFile()).getWidth() > 0);
        Path checkpoint = Checkpoints.path(s, org.splitfuse.core.model.ModelFamily.SMALL_CNN);
        long trainedAt = Files.getLastModifiedTime(checkpoint).toMillis();
        DataFreeBench.run(s);
        assertEquals(trainedAt, Files.getLastModifiedTime(checkpoint).toMillis(), "the checkpoint is reused");

        DataFreeBench.run(settings(dir, "models=[mlp]", "data.eval-limit=100"));
        List<String> merged = Files.readAllLines(dir.resolve("out/data-free.csv"));
        assertEquals(csv.size() - 1 + (2 + 1) * 3, merged.size() - 1, "the small CNN's rows are kept, the MLP's added");
        assertTrue(merged.stream().anyMatch(l -> l.startsWith("small-cnn,")) && merged.stream().anyMatch(l -> l.startsWith("mlp,")));
        assertEquals(3, Files.readAllLines(dir.resolve("out/data-free-base.csv")).size(), "header + two models");
    }

    @Test
    void repairSuffixesPruneWithDataAndStayOutOfTheDataFreeGain(@TempDir Path dir) throws Exception {
        DataFreeBench.run(settings(dir, "sparsities=[]", "methods=[default, default-repair, if-paper, if-paper-bn]",
                "repair-samples=64"));
        List<String> csv = Files.readAllLines(dir.resolve("out/data-free.csv"));
        assertEquals(1 + 4, csv.size(), "all groups, 4 methods");
        double[] logitL2 = csv.subList(1, 5).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[5])).toArray();
        assertTrue(csv.get(2).contains(",default-repair,") && csv.get(4).contains(",if-paper-bn,"), csv.toString());
        assertTrue(Math.abs(logitL2[0] - logitL2[1]) > 1e-4 && Math.abs(logitL2[2] - logitL2[3]) > 1e-4,
                "REPAIR changes the pruned logits: " + java.util.Arrays.toString(logitL2));
        String md = Files.readString(dir.resolve("out/data-free.md"));
        assertTrue(md.contains("| group | sparsity | default | default-repair | if-paper | if-paper-bn | gain |"), md);
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
        e = assertThrows(ConfigError.class, () -> settings(dir, "sparsities=[1.5]"));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        assertTrue(!new File(dir.resolve("out").toString()).exists());
    }
}
