package org.splitfuse.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.InputError;

/** bin/splitfuse plot: every kind drawn from CSVs of the committed form, and bad input named. */
class PlotCommandTest {

    private static final Path RESULTS = Path.of("../docs/results");

    @TempDir
    Path dir;

    private static void assertPng(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() > 500 && image.getHeight() > 300, png + " is a picture");
    }

    @Test
    void theCommittedBenchmarkPlotsRedrawFromTheirCsvs() throws Exception {
        Path split = PlotCommand.run(new String[] {"split-data", RESULTS.resolve("split-data.csv").toString(),
                RESULTS.resolve("split-data-stages.csv").toString(), "--out", dir.resolve("split.png").toString(),
                "--caption", "test"});
        assertPng(split);
        assertPng(PlotCommand.run(new String[] {"fusion", RESULTS.resolve("fusion.csv").toString(),
                "--out", dir.resolve("fusion.png").toString()}));
        assertPng(PlotCommand.run(new String[] {"data-free", RESULTS.resolve("data-free.csv").toString(),
                RESULTS.resolve("data-free-base.csv").toString(), "--model", "resnet18", "--out",
                dir.resolve("df.png").toString()}));
    }

    @Test
    void trainBenchAndSweepCsvsDraw() throws Exception {
        Path train = Files.writeString(dir.resolve("train-bench.csv"), String.join("\n",
                "model,width,engine,phase,examples_per_s,rss_mb",
                "vgg11-bn,0.25,splitfuse,train,400,1800", "vgg11-bn,0.25,pytorch,train,900,1200",
                "vgg11-bn,0.25,splitfuse,infer,2700,1600", "vgg11-bn,0.25,pytorch,infer,5000,900", ""));
        assertPng(PlotCommand.run(new String[] {"train-bench", train.toString(), "--out", dir.resolve("tb.png").toString()}));
        // two plans x two sparsities, one failed cell with a quoted error holding a comma
        Path sweep = Files.writeString(dir.resolve("sweep.csv"), String.join("\n",
                "cell,status,plan.kind,prune.sparsity,seed,accuracy,params,flops,total_s,time_s_train,time_s_fuse,bytes_moved,error",
                "1,ok,paf,0.3,1,88.1,300000,9000000,500,450,3,12000000,",
                "2,ok,paf,0.5,1,87.2,150000,4500000,490,440,3,12000000,",
                "3,ok,fap,0.3,1,87.5,300000,9000000,520,460,6,15000000,",
                "4,failed,fap,0.5,1,,,,,,,,\"out of memory, see the log\"", ""));
        Path png = PlotCommand.run(new String[] {"sweep", sweep.toString(), "--out", dir.resolve("plots").toString()});
        assertTrue(png.endsWith("sweep.png"), png.toString());
        assertPng(png);
    }

    @Test
    void badInputIsAUserErrorThatNamesTheProblem() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "model,engine\nvgg11-bn,pytorch\n");
        InputError missing = assertThrows(InputError.class, () -> PlotCommand.run(new String[] {"train-bench", bad.toString(),
                "--out", dir.resolve("x.png").toString()}));
        assertTrue(missing.getMessage().contains("no column 'width'"), missing.getMessage());
        InputError kind = assertThrows(InputError.class, () -> PlotCommand.run(new String[] {"pie", bad.toString(),
                "--out", dir.resolve("x.png").toString()}));
        assertTrue(kind.getMessage().contains("unknown plot kind 'pie'"), kind.getMessage());
        InputError none = assertThrows(InputError.class, () -> PlotCommand.run(new String[] {"fusion",
                dir.resolve("absent.csv").toString(), "--out", dir.resolve("x.png").toString()}));
        assertTrue(none.getMessage().contains("absent.csv: no such file"), none.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.png")), "nothing half-written");
    }
}
