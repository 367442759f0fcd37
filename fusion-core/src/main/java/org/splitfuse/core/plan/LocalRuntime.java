package org.splitfuse.core.plan;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * Runs a plan's shard work in this JVM, one task after another: the reference that the Spark
 * runtime must agree with bit for bit, and the way to run plans without a cluster.
 */
public final class LocalRuntime implements ShardRuntime {

    private final LabeledImages train;
    private final List<LabeledImages> shards;
    private final ModelSpec spec;
    private final RunRules rules;
    private final OptimizerSpec optimizer;
    private final int batchSize;
    private final TaskLog log;

    /**
     * @param train the whole training set, cut into shards by {@code rules.split()}
     * @param spec  the model; each part's initialisation seed comes from the rules
     */
    public LocalRuntime(LabeledImages train, ModelSpec spec, RunRules rules, OptimizerSpec optimizer, int batchSize,
                        TaskLog log) {
        this.train = train;
        this.shards = List.copyOf(rules.split().cut(train));
        this.spec = spec;
        this.rules = rules;
        this.optimizer = optimizer;
        this.batchSize = batchSize;
        this.log = log;
    }

    @Override
    public RunRules rules() {
        return rules;
    }

    @Override
    public int shards() {
        return shards.size();
    }

    @Override
    public int shardSize(int shard) {
        return shards.get(shard).size();
    }

    @Override
    public LabeledImages trainingSet() {
        return train;
    }

    @Override
    public List<ComputationGraph> train(List<int[]> parts, int epochs) {
        List<ComputationGraph> models = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            models.add(ShardSteps.train(spec, rules, i, optimizer, RunRules.union(shards::get, parts.get(i)), epochs,
                    batchSize, log));
        }
        return models;
    }

    @Override
    public List<ComputationGraph> pruneEach(List<ComputationGraph> models, List<int[]> parts, PruneSpec prune, TuneSpec tune) {
        List<ComputationGraph> pruned = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            pruned.add(ShardSteps.pruneAndTune(models.get(i), prune, tune, RunRules.union(shards::get, parts.get(i)), rules, i,
                    batchSize, log));
        }
        return pruned;
    }

    @Override
    public List<ComputationGraph> tuneRound(ComputationGraph model, TuneSpec tune, int round) {
        List<ComputationGraph> copies = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            copies.add(ShardSteps.tuneCopy(model, tune, shards.get(s), rules, round, s, batchSize, log));
        }
        return copies;
    }
}
