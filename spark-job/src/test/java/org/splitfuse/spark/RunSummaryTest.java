package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.splitfuse.spark.config.ConfigLoader;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.exec.Traffic;

/** What a run prints and draws at its end, from a report of a PaF run over two shards (no Spark needed). */
class RunSummaryTest {

    private static StageReport stage(String name, double seconds, long bytes, ModelEvaluation... models) {
        return new StageReport(name, seconds, new Traffic.Snapshot(bytes, 0, 0, models.length, 0, 1), List.of(models));
    }

    private static ModelEvaluation model(String name, long params, long flops, double accuracy) {
        return new ModelEvaluation(name, params, flops, accuracy, 0.4);
    }

    /** PaF: two parents of 580,000 parameters, pruned to 146,442, fused; the final model at {@code finalAccuracy}. */
    private static JobReport paf(double finalAccuracy, long finalParams) {
        JobConfig config = ConfigLoader.load(null, List.of("plan.kind=paf", "prune.sparsity=0.5"));
        ModelEvaluation last = model("final", finalParams, finalParams * 250, finalAccuracy);
        List<StageReport> stages = List.of(
                stage("train", 448.4, 4_342_683, model("train-0", 580_000, 150_000_000, 0.9094),
                        model("train-1", 580_000, 150_000_000, 0.9096)),
                stage("prune-each", 47.5, 5_421_055, model("prune-each-0", finalParams, finalParams * 250, 0.8712),
                        model("prune-each-1", finalParams, finalParams * 250, 0.8718)),
                stage("fuse", 3.1, 0, model("fuse", finalParams, finalParams * 250, 0.5497)),
                stage("tune-fused", 49.4, 2_188_408, last));
        return new JobReport(config, new SparkRun("local[2]", "3.5.3", 1, 2, List.of("localhost"), 1), Map.of(), stages, List.of(),
                last, 2, 548.4, 560);
    }

    @Test
    void theSummaryLabelsItsColumnsAndTheMeanOfAStagesModels() {
        String summary = SummaryTable.render(paf(0.8803, 146_442));
        String header = summary.lines().filter(l -> l.startsWith("stage")).findFirst().orElseThrow();
        for (String column : List.of("time", "moved", "models", "parameters (each)", "FLOPs/example (each)", "test accuracy")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        String train = summary.lines().filter(l -> l.startsWith("train ")).findFirst().orElseThrow();
        assertTrue(train.contains("90.95% (mean of 2 models)"), train);
        String fuse = summary.lines().filter(l -> l.startsWith("fuse ")).findFirst().orElseThrow();
        assertTrue(fuse.endsWith("54.97%"), "one model: its own accuracy, no mean: " + fuse);
    }

    @Test
    void aPrunedFinalModelBelowItsParentsIsExplained() {
        String summary = SummaryTable.render(paf(0.8803, 146_442));
        assertTrue(summary.contains("Why the final model is below its parents"), summary);
        String note = summary.substring(summary.indexOf("Why the final model")).replace('\n', ' ');
        assertTrue(note.contains("2.92 points under its parents' (90.95%, the mean of the 2 models"), note);
        assertTrue(note.contains("because it is pruned: it keeps 146,442 of their 580,000 parameters (25.2%)"), note);
        assertTrue(note.contains("36,610,500 of their 150,000,000 FLOPs per example (24.4%)"), note);
        assertTrue(note.contains("prune.sparsity = 0.5"), note);
    }

    @Test
    void noExplanationWhenTheFinalModelIsAsGoodAsItsParents() {
        assertFalse(SummaryTable.render(paf(0.9100, 146_442)).contains("Why the final model"));
        String unpruned = SummaryTable.render(paf(0.90, 580_000));
        assertTrue(unpruned.contains("it was not pruned"), unpruned);
    }

    @Test
    void theRunsPictureIsAPngOfItsStages() throws Exception {
        byte[] png = RunFigure.png(paf(0.8803, 146_442));
        assertTrue(png.length > 1000, png.length + " bytes");
        assertEquals(0x89, png[0] & 0xff);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "ImageIO reads it back");
        assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 300, image.getWidth() + "x" + image.getHeight());
    }
}
