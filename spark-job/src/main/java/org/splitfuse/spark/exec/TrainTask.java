package org.splitfuse.spark.exec;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.plan.ShardSteps;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/** On an executor: trains one fresh model on its part of the data, checkpoints it, and returns it. */
final class TrainTask implements Function<TrainTask.Part, TaskResult> {

    /** Model {@code index}, trained on the union of {@code shards}, checkpointed as {@code checkpoint}. */
    record Part(int index, int[] shards, String checkpoint) implements Serializable {
    }

    private final JobData data;
    private final JobConfig config;
    private final RunRules rules;
    private final int epochs;
    private final ModelCheckpoints checkpoints;

    TrainTask(JobData data, JobConfig config, RunRules rules, int epochs, ModelCheckpoints checkpoints) {
        this.data = data;
        this.config = config;
        this.rules = rules;
        this.epochs = epochs;
        this.checkpoints = checkpoints;
    }

    @Override
    public TaskResult call(Part part) throws Exception {
        TaskContext task = TaskContext.get();
        if (config.debug().failFirstTrainingTask() && part.index() == 0 && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of the first attempt of training task 0 "
                    + "(debug.fail-first-training-task)");
        }
        JobConfig.Train t = config.train();
        long start = System.nanoTime();
        ComputationGraph net = ShardSteps.train(data.modelSpec(), rules, part.index(), t.optimizer(), data.part(part.shards()),
                epochs, t.batchSize(), config.taskLog(System.out::println));
        byte[] bytes = ModelIO.toBytes(net, false);
        if (checkpoints != null) {
            byte[] recorded = ModelIO.withProvenance(bytes, ModelProvenance.of(data.modelSpec(),
                    "checkpoint " + part.checkpoint() + ": trained " + epochs + " epochs", checkpoints.fingerprint()));
            checkpoints.write(part.checkpoint(), recorded, task == null ? "local" : Long.toString(task.taskAttemptId()));
        }
        return TaskResult.here(part.index(), bytes, start);
    }
}
