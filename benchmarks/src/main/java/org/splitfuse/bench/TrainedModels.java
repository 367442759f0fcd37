package org.splitfuse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Trainer;

/** Benchmark models trained once and then loaded from their checkpoint file (written atomically). */
public final class TrainedModels {

    private TrainedModels() {
    }

    public static ComputationGraph loadOrTrain(Path checkpoint, ModelSpec spec, OptimizerSpec optimizer, LabeledImages train,
                                               int epochs, int batchSize, long shuffleSeed, String label) throws IOException {
        if (Files.isRegularFile(checkpoint)) {
            System.out.println(label + " reusing " + checkpoint);
            try (InputStream in = Files.newInputStream(checkpoint)) {
                return ModelIO.read(in, checkpoint.toString());
            }
        }
        ComputationGraph net = ModelZoo.build(spec, optimizer);
        System.out.printf(Locale.ROOT, "%s training %s width %s (%,d parameters), %d epochs on %,d examples%n", label,
                spec.family().id(), spec.width(), net.numParams(), epochs, train.size());
        double seconds = new Trainer("[train " + spec.family().id() + "]", 30_000, System.out::println)
                .fit(net, train.iterator(batchSize, shuffleSeed), epochs, train.size());
        System.out.printf(Locale.ROOT, "%s trained in %.0f s%n", label, seconds);
        ModelIO.save(net, ModelProvenance.of(spec, "benchmark checkpoint: trained " + epochs + " epochs on "
                + train.size() + " examples", null), checkpoint, false);
        return net;
    }
}
