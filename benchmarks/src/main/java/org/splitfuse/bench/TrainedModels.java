package org.splitfuse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.Fingerprint;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Trainer;

/**
 * Benchmark models trained once and then loaded from their checkpoint file (written atomically).
 * One naming scheme for every benchmark: a readable label, then the {@link Fingerprint} (the
 * job's checkpoint fingerprint) of everything that determines the model.
 */
public final class TrainedModels {

    private TrainedModels() {
    }

    /**
     * The checkpoint of a model built by {@code spec} and trained with these settings on the data
     * {@code data} names (data set, limit, and which shard), e.g.
     * {@code vgg11-bn-w0.25-fashion-mnist-n6000-1a2b3c4d5e6f7a8b.zip}.
     */
    public static Path checkpoint(Path dir, ModelFamily family, double width, long modelSeed, String data,
                                  OptimizerSpec optimizer, int epochs, int batchSize, long shuffleSeed) {
        String label = String.format(Locale.ROOT, "%s-w%s-%s", family.id(), width, data);
        return dir.resolve(Fingerprint.checkpointName(label, family.id(), "width=" + width, "seed=" + modelSeed, data,
                optimizer.toString(), "epochs=" + epochs, "batch=" + batchSize, "shuffle=" + shuffleSeed));
    }

    /** The model of {@link #checkpoint}: loaded when its file exists, else trained and saved there. */
    public static ComputationGraph loadOrTrain(Path dir, ModelSpec spec, String data, OptimizerSpec optimizer,
                                               LabeledImages train, int epochs, int batchSize, long shuffleSeed,
                                               String label) throws IOException {
        Path checkpoint = checkpoint(dir, spec.family(), spec.width(), spec.seed(), data, optimizer, epochs, batchSize, shuffleSeed);
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
