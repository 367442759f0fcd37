package org.splitfuse.spark.exec;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Bytes moved between the driver and the executors. Measured by a SparkListener: every task's
 * serialized result (the models coming back) and shuffle traffic. Counted where they are sent:
 * models shipped inside tasks and broadcasts (payload x the tasks that read it), which Spark's
 * listener events do not report. Data never moves: executors read it from storage (JobData).
 */
public final class Traffic extends SparkListener {

    private final AtomicLong taskResults = new AtomicLong();
    private final AtomicLong shuffle = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong failedTasks = new AtomicLong();
    private final AtomicLong jobs = new AtomicLong();
    private final JavaSparkContext sc;

    private Traffic(JavaSparkContext sc) {
        this.sc = sc;
    }

    public static Traffic attach(JavaSparkContext sc) {
        Traffic t = new Traffic(sc);
        sc.sc().addSparkListener(t);
        return t;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        tasks.incrementAndGet();
        if (end.reason() != Success$.MODULE$) {
            failedTasks.incrementAndGet();
        }
        TaskMetrics m = end.taskMetrics();
        if (m != null) {
            taskResults.addAndGet(m.resultSize());
            shuffle.addAndGet(m.shuffleReadMetrics().remoteBytesRead() + m.shuffleWriteMetrics().bytesWritten());
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
    }

    /** Bytes the driver sends itself (models in tasks, broadcasts times readers). */
    void sent(long bytes) {
        sent.addAndGet(bytes);
    }

    /** Spark delivers listener events asynchronously: wait until every event so far has been seen. */
    public Snapshot snapshot() {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain within its timeout", e);
        }
        return new Snapshot(taskResults.get(), shuffle.get(), sent.get(), tasks.get(), failedTasks.get(), jobs.get());
    }

    /** Counters at one moment; {@link #minus} gives a stage's share. */
    public record Snapshot(long taskResultBytes, long shuffleBytes, long sentBytes, long tasks, long failedTasks, long jobs) {

        public long totalBytes() {
            return taskResultBytes + shuffleBytes + sentBytes;
        }

        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(taskResultBytes - earlier.taskResultBytes, shuffleBytes - earlier.shuffleBytes,
                    sentBytes - earlier.sentBytes, tasks - earlier.tasks, failedTasks - earlier.failedTasks,
                    jobs - earlier.jobs);
        }
    }
}
