package org.splitfuse.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import scala.collection.JavaConverters;

/**
 * Where a run ran, as report.json records it: the master the SparkContext got, Spark's version,
 * the executors that registered during the run (all of them, also ones lost on the way) and
 * their cores, and the native threads each task used.
 *
 * @param executors the executors, the driver counted only where it ran the tasks itself (local mode)
 */
record SparkRun(String master, String version, int executors, int cores, List<String> hosts, int taskThreads) {

    static SparkRun of(JavaSparkContext sc, int taskThreads) {
        List<ExecutorSummary> all = JavaConverters.seqAsJavaList(sc.sc().statusStore().executorList(false));
        List<ExecutorSummary> executors = all.stream().filter(e -> !e.id().equals("driver")).toList();
        if (executors.isEmpty()) {
            executors = all; // local mode: the driver's JVM is the executor
        }
        int cores = 0;
        List<String> hosts = new ArrayList<>();
        for (ExecutorSummary e : executors) {
            cores += e.totalCores();
            String host = e.hostPort().replaceFirst(":\\d+$", "");
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return new SparkRun(sc.master(), sc.version(), executors.size(), cores, List.copyOf(hosts), taskThreads);
    }
}
