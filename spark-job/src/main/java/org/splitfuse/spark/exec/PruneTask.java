package org.splitfuse.spark.exec;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.plan.PruneSpec;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.plan.ShardSteps;
import org.splitfuse.core.plan.TuneSpec;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/** On an executor (PaF): prunes one model and fine-tunes it on its own part after every step. */
final class PruneTask implements Function<PruneTask.Input, TaskResult> {

    record Input(int index, int[] shards, byte[] model) implements Serializable {
    }

    private final JobData data;
    private final JobConfig config;
    private final RunRules rules;
    private final PruneSpec prune;
    private final TuneSpec tune;

    PruneTask(JobData data, JobConfig config, RunRules rules, PruneSpec prune, TuneSpec tune) {
        this.data = data;
        this.config = config;
        this.rules = rules;
        this.prune = prune;
        this.tune = tune;
    }

    @Override
    public TaskResult call(Input in) throws Exception {
        long start = System.nanoTime();
        ComputationGraph net = ModelIO.fromBytes(in.model(), "model " + in.index());
        ComputationGraph pruned = ShardSteps.pruneAndTune(net, prune, tune, data.part(in.shards()), rules, in.index(),
                config.train().batchSize(), config.taskLog(System.out::println));
        return TaskResult.here(in.index(), ModelIO.toBytes(pruned, false), start);
    }
}
