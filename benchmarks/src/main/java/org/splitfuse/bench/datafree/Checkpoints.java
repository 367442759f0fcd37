package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.TrainedModels;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;

/**
 * The benchmark's trained models, trained once and then loaded from the checkpoint directory: one
 * per model and seed (the seed initialises and shuffles, and is part of the file's fingerprint).
 */
final class Checkpoints {

    private Checkpoints() {
    }

    /** The checkpoint of the model of {@code family} trained from {@code seed} (its data: the data set's first train-limit examples). */
    static Path path(DataFreeSettings s, ModelFamily family, long seed) {
        return TrainedModels.checkpoint(s.checkpointDir(), family, s.width(), seed, dataName(s), s.optimizer(), s.epochs(),
                s.batchSize(), seed);
    }

    static ComputationGraph trained(DataFreeSettings s, ModelFamily family, long seed, TrainTest data) throws IOException {
        return TrainedModels.loadOrTrain(s.checkpointDir(), spec(s, family, seed, data), dataName(s), s.optimizer(),
                data.train(), s.epochs(), s.batchSize(), seed, "[data-free]");
    }

    private static ModelSpec spec(DataFreeSettings s, ModelFamily family, long seed, TrainTest data) {
        return new ModelSpec(family, data.train().shape(), data.train().numClasses(), s.width(), seed);
    }

    private static String dataName(DataFreeSettings s) {
        return s.data().id() + (s.trainLimit() > 0 ? "-n" + s.trainLimit() : "");
    }
}
