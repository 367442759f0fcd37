package org.splitfuse.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.fuse.VanillaAverage;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * Runs a plan's shard work in this JVM, one task after another: the reference that the Spark
 * runtime must agree with, and the way to run plans without a cluster.
 */
public final class LocalRuntime implements ShardRuntime {

    private final List<LabeledImages> shards;
    private final ModelSpec spec;
    private final OptimizerSpec optimizer;
    private final int batchSize;
    private final long shuffleSeed;
    private final Consumer<String> log;

    /** @param spec the model; part i's model starts from {@code spec.seed() + i} */
    public LocalRuntime(List<LabeledImages> shards, ModelSpec spec, OptimizerSpec optimizer, int batchSize, long shuffleSeed,
                        Consumer<String> log) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shards");
        }
        this.shards = List.copyOf(shards);
        this.spec = spec;
        this.optimizer = optimizer;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
        this.log = log;
    }

    @Override
    public int shards() {
        return shards.size();
    }

    @Override
    public List<ComputationGraph> train(List<int[]> parts, int epochs) {
        List<ComputationGraph> models = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            models.add(ShardSteps.train(spec.withSeed(spec.seed() + i), optimizer, union(parts.get(i)), epochs, batchSize,
                    shuffleSeed + i, "[train " + (i + 1) + "/" + parts.size() + "]", log));
        }
        return models;
    }

    @Override
    public List<ComputationGraph> pruneEach(List<ComputationGraph> models, List<int[]> parts, PruneSpec prune, TuneSpec tune) {
        List<ComputationGraph> pruned = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            pruned.add(ShardSteps.pruneAndTune(models.get(i), prune, tune, union(parts.get(i)), batchSize, shuffleSeed + i,
                    "[prune-tune " + (i + 1) + "/" + models.size() + "]", log));
        }
        return pruned;
    }

    @Override
    public ComputationGraph fineTune(ComputationGraph model, TuneSpec tune) {
        ComputationGraph current = model;
        for (int round = 0; round < tune.rounds(); round++) {
            List<ComputationGraph> copies = new ArrayList<>();
            for (int s = 0; s < shards.size(); s++) {
                copies.add(ShardSteps.tune(current, tune.optimizer(), shards.get(s), tune.epochsPerRound(), batchSize,
                        shuffleSeed + 1000L * (round + 1) + s, "[tune round " + (round + 1) + " shard " + s + "]", log));
            }
            current = VanillaAverage.of(copies, shardWeights());
        }
        return current;
    }

    @Override
    public int shardSize(int shard) {
        return shards.get(shard).size();
    }

    @Override
    public DataSet samples(int n) {
        LabeledImages first = shards.get(0).size() >= n ? shards.get(0) : LabeledImages.concat(shards);
        return first.toDataSet(0, Math.min(n, first.size()));
    }

    private LabeledImages union(int[] part) {
        List<LabeledImages> sets = new ArrayList<>();
        for (int s : part) {
            sets.add(shards.get(s));
        }
        return LabeledImages.concat(sets);
    }
}
