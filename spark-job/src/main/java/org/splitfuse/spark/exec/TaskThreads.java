package org.splitfuse.spark.exec;

import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J threads per task. ND4J's thread pool is per JVM: in embedded local mode the K concurrent
 * training tasks share one, and K tasks x all cores oversubscribe the machine. Auto (0): in local
 * mode the cores divided among the stage's concurrent tasks; on a cluster spark.task.cpus.
 */
final class TaskThreads {

    private TaskThreads() {
    }

    static int forStage(JavaSparkContext sc, int configured, int tasks) {
        if (configured > 0) {
            return configured;
        }
        if (sc.isLocal()) {
            int concurrent = Math.max(1, Math.min(tasks, sc.defaultParallelism()));
            return Math.max(1, Runtime.getRuntime().availableProcessors() / concurrent);
        }
        return sc.getConf().getInt("spark.task.cpus", 1);
    }

    /** Called by a task on its executor before any ND4J work. */
    static void use(int threads) {
        if (threads > 0 && Nd4j.getEnvironment().maxThreads() != threads) {
            Nd4j.getEnvironment().setMaxThreads(threads);
        }
    }
}
