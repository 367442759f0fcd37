package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.TrainedModels;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;

/** The benchmark's trained models, trained once and then loaded from the checkpoint directory. */
final class Checkpoints {

    private Checkpoints() {
    }

    static Path path(DataFreeSettings s, ModelFamily family) {
        return s.checkpointDir().resolve(String.format(Locale.ROOT, "%s-w%s-%s%s-e%d-s%d.zip", family.id(),
                s.width(), s.data().id(), s.trainLimit() > 0 ? "-n" + s.trainLimit() : "", s.epochs(), s.seed()));
    }

    static ComputationGraph trained(DataFreeSettings s, ModelFamily family, TrainTest data) throws IOException {
        ModelSpec spec = new ModelSpec(family, data.train().shape(), data.train().numClasses(), s.width(), s.seed());
        return TrainedModels.loadOrTrain(path(s, family), spec, s.optimizer(), data.train(), s.epochs(),
                s.batchSize(), s.seed(), "[data-free]");
    }
}
