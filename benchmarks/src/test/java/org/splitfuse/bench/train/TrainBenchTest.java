package org.splitfuse.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

class TrainBenchTest {

    /** The PyTorch forms are the zoo's architectures: the same parameter count (BatchNorm statistics included). */
    @Test
    void pytorchFormsHaveTheZoosParameterCounts() throws IOException {
        Path script = Path.of("").toAbsolutePath().getParent().resolve(TrainBench.SCRIPT);
        Optional<TorchWorker> worker = TorchWorker.start(List.of("/usr/bin/python3", "python3"), script, 1);
        assumeTrue(worker.isPresent(), "no python3 with torch (" + TorchWorker.INSTALL_HINT + ")");
        try (TorchWorker torch = worker.get()) {
            for (ModelFamily family : List.of(ModelFamily.SMALL_CNN, ModelFamily.VGG11_BN, ModelFamily.RESNET18)) {
                for (double width : new double[] {0.25, 1}) {
                    long zoo = ModelZoo.build(new ModelSpec(family, InputShape.of(1, 28, 28), 10, width, 1),
                            OptimizerSpec.paper()).numParams();
                    assertEquals(zoo, torch.params(family.id(), width), family.id() + " width " + width);
                }
            }
        }
    }

    @Test
    void csvHasTheIssuesColumnsAndMedians(@TempDir Path dir) throws IOException {
        TrainBenchReport report = new TrainBenchReport("cmd", 2, 128, 1, 2, 3);
        TrainBench.Network vgg = new TrainBench.Network(ModelFamily.VGG11_BN, 0.25);
        report.add(vgg, "train", new Measurement(100, 300), new Measurement(200, 400));
        report.add(vgg, "train", new Measurement(300, 310), new Measurement(100, 410));
        report.add(vgg, "train", new Measurement(200, 320), new Measurement(400, 420));
        report.write(dir);
        assertEquals(List.of("model,width,engine,phase,examples_per_s,rss_mb",
                        "vgg11-bn,0.25,java,train,200.0,310.0",
                        "vgg11-bn,0.25,pytorch,train,200.0,410.0"),
                Files.readAllLines(dir.resolve("train-bench.csv")));
        assertEquals(true, Files.readString(dir.resolve("train-bench.md")).contains("**1.00x**"));
    }
}
