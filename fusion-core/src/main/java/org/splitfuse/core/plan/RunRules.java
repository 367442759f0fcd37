package org.splitfuse.core.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelSpec;

/**
 * What every piece of a plan's work computes on, written once: the shards, the union a model
 * trains on, every seed, the fusion and importance samples and the native threads. LocalRuntime,
 * the Spark job's tasks and the benchmarks all follow these rules, so a config gives the same
 * model bits wherever it runs (docs/split-data.md, "Determinism").
 *
 * @param split       how the training set is cut into shards
 * @param init        how part i's initial weights are seeded
 * @param shuffleSeed base of every shuffling seed
 * @param threads     native threads (OpenMP teams and OpenBLAS) of every task and of the driver's
 *                    own model work; the results depend on it, so it may not depend on the machine
 */
public record RunRules(SplitRule split, ModelInit init, long shuffleSeed, int threads) implements Serializable {

    /** Training examples data-driven importance (Taylor) sees: the first ones of the data pruned against. */
    public static final int IMPORTANCE_SAMPLES = 256;

    public enum ModelInit {
        /** part i starts from the model seed + i (the Split-Data setting) */
        INDEPENDENT,
        /** every part starts from the same weights */
        SHARED
    }

    public RunRules {
        if (threads < 1) {
            throw new IllegalArgumentException("native threads per task must be >= 1, got " + threads);
        }
    }

    /** The model part {@code part} trains: {@code base} with that part's initialisation seed. */
    public ModelSpec model(ModelSpec base, int part) {
        return base.withSeed(init == ModelInit.SHARED ? base.seed() : base.seed() + part);
    }

    /** Shuffle seed of part {@code part}'s training. */
    public long trainSeed(int part) {
        return shuffleSeed + part;
    }

    /** Shuffle seed of the fine-tune after pruning step {@code step} (1-based) of part {@code part} (PaF). */
    public long pruneTuneSeed(int part, int step) {
        return shuffleSeed + part + step;
    }

    /** Shuffle seed of shard {@code shard}'s copy in round {@code round} (0-based) of a distributed fine-tune. */
    public long tuneSeed(int round, int shard) {
        return shuffleSeed + 1000L * (round + 1) + shard;
    }

    /** Shuffle seed of shard {@code shard}'s minibatches in epoch {@code epoch} of synchronous data-parallel training. */
    public long syncEpochSeed(int epoch, int shard) {
        return shuffleSeed + 7919L * epoch + shard;
    }

    /** The examples of the shards in {@code part}, in shard order: what one model trains on. */
    public static LabeledImages union(IntFunction<LabeledImages> shard, int[] part) {
        List<LabeledImages> sets = new ArrayList<>();
        for (int s : part) {
            sets.add(shard.apply(s));
        }
        return LabeledImages.concat(sets);
    }

    /**
     * The fusion samples (activation alignment, REPAIR) and the driver's importance data: the
     * first {@code n} examples of the whole training set in its stored order, whatever the split.
     */
    public static DataSet samples(LabeledImages train, int n) {
        return train.toDataSet(0, Math.min(n, train.size()));
    }

    /** Importance data of pruning against {@code data}: its first {@link #IMPORTANCE_SAMPLES} examples. */
    public static DataSet importanceSamples(LabeledImages data) {
        return samples(data, IMPORTANCE_SAMPLES);
    }
}
