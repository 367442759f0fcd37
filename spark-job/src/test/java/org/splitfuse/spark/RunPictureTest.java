package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.splitfuse.core.data.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny PaF run on embedded Spark: report.png beside report.json, the overall progress lines, the labelled summary. */
class RunPictureTest {

    private static final Path FASHION_MNIST = RealData.FASHION_MNIST;

    @TempDir
    Path dir;

    @Test
    void aRunWritesItsPictureAndSaysWhereTheWholePlanStands() throws Exception {
        RealData.fashionMnist();
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(new String[] {"plan.kind=paf", "split.shards=2", "model.family=small-cnn",
                "model.width=0.25", "train.epochs=1", "data.train-limit=600", "data.test-limit=200",
                "spark.master=local[2]", "output.checkpoints=\"\"", "output.uri=" + out},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8) + printed);

        Path png = out.resolve("report.png");
        assertTrue(Files.isRegularFile(png) && Files.isRegularFile(out.resolve("report.json")));
        assertTrue(Files.size(png) > 1000, Files.size(png) + " bytes");
        assertNotNull(ImageIO.read(png.toFile()), "a PNG that ImageIO reads");

        List<String> progress = printed.lines().filter(l -> l.startsWith("[plan] stage ")).toList();
        assertEquals(4, progress.size(), printed);
        assertTrue(progress.get(0).startsWith("[plan] stage 1 of 4 (train), elapsed "), progress.get(0));
        assertTrue(progress.get(3).matches("\\[plan\\] stage 4 of 4 \\(tune-fused\\), elapsed \\S+, overall ETA \\S+"),
                progress.get(3));
        assertTrue(printed.contains("test accuracy") && printed.contains("(mean of 2 models)"), printed);
    }
}
