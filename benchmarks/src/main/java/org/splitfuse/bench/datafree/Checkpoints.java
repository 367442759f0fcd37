package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.TrainedModels;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;

/** The benchmark's trained models, trained once and then loaded from the checkpoint directory. */
final class Checkpoints {

    private Checkpoints() {
    }

    /** The checkpoint of the model of {@code family} (its data: the data set's first train-limit examples). */
    static Path path(DataFreeSettings s, ModelFamily family) {
        return TrainedModels.checkpoint(s.checkpointDir(), family, s.width(), s.seed(), dataName(s), s.optimizer(), s.epochs(),
                s.batchSize(), s.seed());
    }

    static ComputationGraph trained(DataFreeSettings s, ModelFamily family, TrainTest data) throws IOException {
        return TrainedModels.loadOrTrain(s.checkpointDir(), spec(s, family, data), dataName(s), s.optimizer(), data.train(),
                s.epochs(), s.batchSize(), s.seed(), "[data-free]");
    }

    private static ModelSpec spec(DataFreeSettings s, ModelFamily family, TrainTest data) {
        return new ModelSpec(family, data.train().shape(), data.train().numClasses(), s.width(), s.seed());
    }

    private static String dataName(DataFreeSettings s) {
        return s.data().id() + (s.trainLimit() > 0 ? "-n" + s.trainLimit() : "");
    }
}
