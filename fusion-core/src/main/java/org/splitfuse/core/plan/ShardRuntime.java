package org.splitfuse.core.plan;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Where a plan's per-shard work runs: Spark executors (spark-job) or this JVM ({@link LocalRuntime}).
 * A "part" is a set of shard indices whose union one model trains on: {0}, {1}, ... for
 * Split-Data, all shards for whole-data, half of them for k-fold.
 */
public interface ShardRuntime {

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

    /** One fresh model per part, model i initialised from the configured seed + i, trained {@code epochs}. */
    List<ComputationGraph> train(List<int[]> parts, int epochs);

    /** Each model pruned where its part lives, every step followed by a local fine-tune on that part (PaF). */
    List<ComputationGraph> pruneEach(List<ComputationGraph> models, List<int[]> parts, PruneSpec prune, TuneSpec tune);

    /** Distributed fine-tune: per round, a copy trained on every shard, the copies averaged. */
    ComputationGraph fineTune(ComputationGraph model, TuneSpec tune);

    /** The first {@code n} training examples (activation-based alignment, REPAIR, data-driven importance). */
    DataSet samples(int n);

    /** Synchronous data-parallel training of one model over all shards; the baseline. */
    default ComputationGraph trainSynchronous(int epochs) {
        throw new UnsupportedOperationException("this runtime has no synchronous data-parallel training "
                + "(the Spark job has: plan sync-dp)");
    }
}
