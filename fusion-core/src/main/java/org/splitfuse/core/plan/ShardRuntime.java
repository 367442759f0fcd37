package org.splitfuse.core.plan;

import java.util.List;
import java.util.function.ObjIntConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;

/**
 * Where a plan's per-shard work runs: Spark executors (spark-job) or this JVM ({@link LocalRuntime}).
 * A "part" is a set of shard indices whose union one model trains on: {0}, {1}, ... for
 * Split-Data, all shards for whole-data, half of them for k-fold. A runtime only decides where
 * the work runs: what it computes is {@link ShardSteps} under the runtime's {@link RunRules}, and
 * the fine-tune's round structure and the samples are {@link PlanRunner}'s.
 */
public interface ShardRuntime {

    /** The rules every task of this runtime follows. */
    RunRules rules();

    int shards();

    /** Training examples in one shard. */
    int shardSize(int shard);

    /** Weights for averaging per-shard copies: proportional to the data each saw (skewed shards differ in size). */
    default double[] shardWeights() {
        double[] w = new double[shards()];
        for (int s = 0; s < w.length; s++) {
            w[s] = shardSize(s);
        }
        return w;
    }

    /** The whole training set as the driver holds it: fusion samples and importance data come from it. */
    LabeledImages trainingSet();

    /** One fresh model per part ({@link ShardSteps#train} of part i), trained {@code epochs}. */
    List<ComputationGraph> train(List<int[]> parts, int epochs);

    /** Each model pruned where its part lives ({@link ShardSteps#pruneAndTune}): PaF. */
    List<ComputationGraph> pruneEach(List<ComputationGraph> models, List<int[]> parts, PruneSpec prune, TuneSpec tune);

    /**
     * Round {@code round} of a distributed fine-tune: one copy of {@code model} per shard
     * ({@link ShardSteps#tuneCopy}), in shard order.
     */
    List<ComputationGraph> tuneRound(ComputationGraph model, TuneSpec tune, int round);

    /**
     * Synchronous data-parallel training of one model over all shards; the baseline. After each
     * epoch {@code afterEpoch} gets the current network and the epoch (1-based); it must not change it.
     */
    default ComputationGraph trainSynchronous(int epochs, ObjIntConsumer<ComputationGraph> afterEpoch) {
        throw new UnsupportedOperationException("this runtime has no synchronous data-parallel training "
                + "(the Spark job has: plan sync-dp)");
    }
}
