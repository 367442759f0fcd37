package org.splitfuse.spark.exec;

import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.splitfuse.core.plan.LocalRuntime;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/**
 * A job's config run in this JVM without Spark: the same data, shards, rules (threads per task
 * resolved as {@link SparkRuntime} resolves them) and training settings as the Spark job.
 */
public final class LocalRuntimes {

    private LocalRuntimes() {
    }

    public static LocalRuntime of(JobConfig config, JobData data, Consumer<String> log) {
        int threads = TaskThreads.resolve(config.spark().taskThreads(), new SparkConf());
        return new LocalRuntime(data.load(log).train(), data.modelSpec(), config.rules(threads),
                config.train().optimizer(), config.train().batchSize(), config.taskLog(log));
    }
}
