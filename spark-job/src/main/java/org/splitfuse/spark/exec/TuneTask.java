package org.splitfuse.spark.exec;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.plan.ShardSteps;
import org.splitfuse.core.plan.TuneSpec;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/** On an executor: one round of a distributed fine-tune, the broadcast model trained on one shard. */
final class TuneTask implements Function<Integer, TaskResult> {

    private final JobData data;
    private final JobConfig config;
    private final RunRules rules;
    private final TuneSpec tune;
    private final Broadcast<byte[]> model;
    private final int round;

    TuneTask(JobData data, JobConfig config, RunRules rules, TuneSpec tune, Broadcast<byte[]> model, int round) {
        this.data = data;
        this.config = config;
        this.rules = rules;
        this.tune = tune;
        this.model = model;
        this.round = round;
    }

    @Override
    public TaskResult call(Integer shard) throws Exception {
        long start = System.nanoTime();
        ComputationGraph net = ModelIO.fromBytes(model.value(), "broadcast model");
        ComputationGraph tuned = ShardSteps.tuneCopy(net, tune, data.shard(shard), rules, round, shard,
                config.train().batchSize(), config.taskLog(System.out::println));
        return TaskResult.here(shard, ModelIO.toBytes(tuned, false), start);
    }
}
