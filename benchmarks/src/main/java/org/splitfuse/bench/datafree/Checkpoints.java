package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.EvalResult;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.Trainer;

/** Trained models of the benchmark, trained once and then loaded from the checkpoint directory. */
final class Checkpoints {

    private Checkpoints() {
    }

    static Path path(DataFreeSettings s, ModelFamily family) {
        return s.checkpointDir().resolve(String.format(Locale.ROOT, "%s-w%s-%s%s-e%d-s%d.zip", family.id(),
                s.width(), s.data().id(), s.trainLimit() > 0 ? "-n" + s.trainLimit() : "", s.epochs(), s.seed()));
    }

    static ComputationGraph trained(DataFreeSettings s, ModelFamily family, TrainTest data) throws IOException {
        Path path = path(s, family);
        if (Files.isRegularFile(path)) {
            System.out.println("[data-free] reusing " + path);
            try (InputStream in = Files.newInputStream(path)) {
                return ModelIO.read(in, path.toString());
            }
        }
        ModelSpec spec = new ModelSpec(family, data.train().shape(), data.train().numClasses(), s.width(), s.seed());
        ComputationGraph net = ModelZoo.build(spec, s.optimizer());
        System.out.printf(Locale.ROOT, "[data-free] training %s width %s (%,d parameters), %d epochs on %,d examples%n",
                family.id(), s.width(), net.numParams(), s.epochs(), data.train().size());
        double seconds = new Trainer("[train " + family.id() + "]", 30_000, System.out::println)
                .fit(net, data.train().iterator(s.batchSize(), s.seed()), s.epochs(), data.train().size());
        EvalResult result = Evaluator.evaluate(net, data.test().orderedIterator(256));
        System.out.printf(Locale.ROOT, "[data-free] %s trained in %.0f s: test accuracy %.2f%%%n", family.id(), seconds,
                100 * result.accuracy());
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), "." + path.getFileName(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ModelIO.write(net, out, false);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return net;
    }
}
