package org.splitfuse.spark.exec;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.plan.ShardSteps;
import org.splitfuse.core.plan.TuneSpec;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/** On an executor: one round of a distributed fine-tune, the broadcast model trained on one shard. */
final class TuneTask implements Function<Integer, TaskResult> {

    private final int threads;
    private final JobData data;
    private final JobConfig config;
    private final TuneSpec tune;
    private final Broadcast<byte[]> model;
    private final int round;

    TuneTask(JobData data, JobConfig config, TuneSpec tune, Broadcast<byte[]> model, int round, int threads) {
        this.threads = threads;
        this.data = data;
        this.config = config;
        this.tune = tune;
        this.model = model;
        this.round = round;
    }

    @Override
    public TaskResult call(Integer shard) throws Exception {
        TaskThreads.use(threads);
        long start = System.nanoTime();
        ComputationGraph net = ModelIO.fromBytes(model.value(), "broadcast model");
        ComputationGraph tuned = ShardSteps.tune(net, tune.optimizer(), data.shard(shard), tune.epochsPerRound(),
                config.train().batchSize(), config.train().shuffleSeed() + 1000L * (round + 1) + shard,
                "[tune round " + (round + 1) + " shard " + shard + "]", System.out::println);
        return TaskResult.here(shard, ModelIO.toBytes(tuned, false), start);
    }
}
