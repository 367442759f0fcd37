package org.splitfuse.spark.exec;

import org.apache.spark.SparkConf;

/**
 * Native threads per task, the one rule for every runtime: spark.task-threads when set, else
 * spark.task.cpus (Spark's default: 1). Never the machine's cores: a model's bits depend on its
 * thread count (docs/split-data.md, "Determinism"), and Spark itself starts executors with
 * OMP_NUM_THREADS = spark.task.cpus. The tasks apply it through fusion-core's ShardSteps.
 */
public final class TaskThreads {

    private TaskThreads() {
    }

    public static int resolve(int configured, SparkConf conf) {
        return configured > 0 ? configured : conf.getInt("spark.task.cpus", 1);
    }
}
