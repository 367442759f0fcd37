package org.splitfuse.core.plan;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.NativeThreads;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Retune;
import org.splitfuse.core.train.Trainer;

/**
 * The work one task does on its own data, the same wherever it runs (a Spark executor or this
 * JVM): each step sets the rules' native threads on the calling thread and takes its seeds from
 * the {@link RunRules}.
 */
public final class ShardSteps {

    private ShardSteps() {
    }

    /** Part {@code part}'s fresh model ({@code base} seeded by the rules), trained on {@code data}. */
    public static ComputationGraph train(ModelSpec base, RunRules rules, int part, OptimizerSpec optimizer,
                                         LabeledImages data, int epochs, int batchSize, TaskLog log) {
        NativeThreads.use(rules.threads());
        ComputationGraph net = ModelZoo.build(rules.model(base, part), optimizer);
        new Trainer("[train " + part + "]", log.progressMillis(), log.out())
                .fit(net, data.iterator(batchSize, rules.trainSeed(part)), epochs, data.size());
        return net;
    }

    /** Shard {@code shard}'s copy of {@code net} in round {@code round} of a distributed fine-tune (the input is unchanged). */
    public static ComputationGraph tuneCopy(ComputationGraph net, TuneSpec tune, LabeledImages shardData, RunRules rules,
                                            int round, int shard, int batchSize, TaskLog log) {
        NativeThreads.use(rules.threads());
        return tune(net, tune.optimizer(), shardData, tune.epochsPerRound(), batchSize, rules.tuneSeed(round, shard),
                "[tune round " + (round + 1) + " shard " + shard + "]", log);
    }

    /**
     * Part {@code part}'s model pruned in {@code prune.steps()} steps, each followed by
     * {@code tune.epochs()} consecutive epochs on {@code data}, its own part (PaF).
     */
    public static ComputationGraph pruneAndTune(ComputationGraph net, PruneSpec prune, TuneSpec tune, LabeledImages data,
                                                RunRules rules, int part, int batchSize, TaskLog log) {
        NativeThreads.use(rules.threads());
        return prune.pruner(data)
                .prune(net, prune.plan(), (step, steps, pruned) -> tune.epochs() == 0 ? pruned
                        : tune(pruned, tune.optimizer(), data, tune.epochs(), batchSize, rules.pruneTuneSeed(part, step),
                                "[prune-tune " + part + " tune " + step + "/" + steps + "]", log));
    }

    /** {@code epochs} epochs on {@code data} with the fine-tune optimiser (a copy; the input is unchanged). */
    private static ComputationGraph tune(ComputationGraph net, OptimizerSpec optimizer, LabeledImages data, int epochs,
                                         int batchSize, long shuffleSeed, String label, TaskLog log) {
        ComputationGraph copy = Retune.withOptimizer(net, optimizer);
        if (epochs > 0) {
            new Trainer(label, log.progressMillis(), log.out()).fit(copy, data.iterator(batchSize, shuffleSeed), epochs, data.size());
        }
        return copy;
    }
}
