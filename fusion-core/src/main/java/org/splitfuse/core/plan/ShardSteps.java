package org.splitfuse.core.plan;

import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Retune;
import org.splitfuse.core.train.Trainer;

/**
 * The work one task does on its own data, the same wherever it runs (a Spark executor or this JVM).
 */
public final class ShardSteps {

    private ShardSteps() {
    }

    /** A fresh model from {@code spec}, trained on {@code data}. */
    public static ComputationGraph train(ModelSpec spec, OptimizerSpec optimizer, LabeledImages data, int epochs,
                                         int batchSize, long shuffleSeed, String label, Consumer<String> log) {
        ComputationGraph net = ModelZoo.build(spec, optimizer);
        new Trainer(label, 10_000, log).fit(net, data.iterator(batchSize, shuffleSeed), epochs, data.size());
        return net;
    }

    /** {@code epochs} epochs on {@code data} with the fine-tune optimiser (a copy; the input is unchanged). */
    public static ComputationGraph tune(ComputationGraph net, OptimizerSpec optimizer, LabeledImages data, int epochs,
                                        int batchSize, long shuffleSeed, String label, Consumer<String> log) {
        ComputationGraph copy = Retune.withOptimizer(net, optimizer);
        if (epochs > 0) {
            new Trainer(label, 10_000, log).fit(copy, data.iterator(batchSize, shuffleSeed), epochs, data.size());
        }
        return copy;
    }

    /** Pruned in {@code prune.steps()} steps, each followed by {@code tune.epochs()} epochs on {@code data}. */
    public static ComputationGraph pruneAndTune(ComputationGraph net, PruneSpec prune, TuneSpec tune, LabeledImages data,
                                                int batchSize, long shuffleSeed, String label, Consumer<String> log) {
        return prune.pruner(() -> List.of(data.toDataSet(0, Math.min(data.size(), 256))))
                .prune(net, prune.plan(), (step, steps, pruned) -> tune.epochs() == 0 ? pruned
                        : tune(pruned, tune.optimizer(), data, tune.epochs(), batchSize, shuffleSeed + step,
                                label + " tune " + step + "/" + steps, log));
    }
}
