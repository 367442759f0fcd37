package org.splitfuse.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.RealData;

/**
 * Faults on the real standalone cluster, during the quickstart job: an executor killed with
 * SIGKILL while it trains, a Worker killed while its executor trains, the driver killed after
 * training. Each run must finish with a final model whose parameters equal, bit for bit, those of
 * the undisturbed run: a retried or reused model is the model the first attempt would have made.
 */
class FaultToleranceIT {

    /** The driver's log line for a training task's first attempt: the shard index and the executor. */
    private static final Pattern TRAIN_TASK = Pattern.compile("Starting task (\\d+)\\.0 in stage 0\\.0 \\(TID \\d+\\) \\(\\S+, executor (\\S+),");
    private static final Pattern APP_ID = Pattern.compile("app ID (app-\\d+-\\d+)");

    private static StandaloneCluster cluster;
    private static ClusterRuns.Run undisturbed;

    @BeforeAll
    static void undisturbedRun() throws Exception {
        RealData.fashionMnist();
        cluster = StandaloneCluster.shared();
        undisturbed = ClusterRuns.undisturbed();
        assertEquals(0, undisturbed.result().exitCode(), undisturbed.result().tail(40));
    }

    /** Spark's id of this run's application, once the driver has printed it. */
    private static JobSubmission watchAppId(JobSubmission job, String[] appId) {
        return job.onLine(l -> APP_ID.matcher(l).find(), l -> {
            Matcher m = APP_ID.matcher(l);
            if (m.find()) {
                appId[0] = m.group(1);
            }
        });
    }

    /**
     * Waits until the executor that got training task {@code shard} (from the driver's line) prints
     * training progress, and returns its id.
     */
    private static String awaitTraining(String line, String appId, int shard) throws Exception {
        Matcher m = TRAIN_TASK.matcher(line);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) == shard, line);
        String executor = m.group(2);
        StandaloneCluster.awaitText(cluster.executorDir(appId, executor).resolve("stdout"), "[train " + shard + "]",
                Duration.ofMinutes(2));
        return executor;
    }

    private static boolean startsTraining(String line, int shard) {
        Matcher m = TRAIN_TASK.matcher(line);
        return m.find() && Integer.parseInt(m.group(1)) == shard;
    }

    private static void assertSameFinalModel(ClusterRuns.Run run) throws Exception {
        assertEquals(ClusterRuns.configuration(undisturbed.model()), ClusterRuns.configuration(run.model()), "architecture");
        double[] expected = ClusterRuns.parameters(undisturbed.model());
        double[] actual = ClusterRuns.parameters(run.model());
        assertEquals(expected.length, actual.length);
        int differ = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                differ++;
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            }
        }
        assertEquals(0, differ, differ + " of " + expected.length + " parameters differ from the undisturbed run's (max |diff| "
                + maxDiff + ")");
    }

    private static void assertWritten(ClusterRuns.Run run) {
        assertEquals(0, run.result().exitCode(), run.result().tail(40));
        assertTrue(Files.isRegularFile(run.model()), "model.zip");
        assertTrue(Files.isRegularFile(run.output().resolve("_SUCCESS")), "_SUCCESS");
    }

    @Test
    void anExecutorKilledWhileTrainingIsReplacedTheTaskRetriedAndTheFinalModelIsTheSame() throws Exception {
        String[] appId = new String[1];
        AtomicLong killed = new AtomicLong(-1);
        JobSubmission job = watchAppId(ClusterRuns.quickstart(cluster, "executor-killed"), appId)
                .onLine(l -> startsTraining(l, 0), l -> {
                    String executor = awaitTraining(l, appId[0], 0);
                    long pid = cluster.executors().get(executor);
                    cluster.killExecutor(pid);
                    killed.set(pid);
                });
        ClusterRuns.Run run = ClusterRuns.finished(job.run(), "executor-killed");
        ClusterRuns.timing(run.result());

        assertTrue(killed.get() > 0, "an executor was killed during training");
        assertWritten(run);
        assertTrue(run.stage("train").get("failed_task_attempts").asInt() >= 1, "the killed attempt counts as failed");
        assertTrue(run.result().printed("Lost executor"), run.result().tail(40));
        assertSameFinalModel(run);
    }

    @Test
    void aWorkerKilledWhileItsExecutorTrainsLeavesTheRunToTheOtherWorker() throws Exception {
        String[] appId = new String[1];
        AtomicInteger killedWorker = new AtomicInteger(-1);
        JobSubmission job = watchAppId(ClusterRuns.quickstart(cluster, "worker-killed"), appId)
                .onLine(l -> startsTraining(l, 1), l -> {
                    String executor = awaitTraining(l, appId[0], 1);
                    String workerDir = cluster.executorDir(appId[0], executor).getParent().getParent().getFileName().toString();
                    int worker = Integer.parseInt(workerDir.substring("worker-".length()));
                    cluster.killWorker(worker);
                    killedWorker.set(worker);
                });
        ClusterRuns.Run run;
        int aliveAfter;
        try {
            run = ClusterRuns.finished(job.run(), "worker-killed");
            aliveAfter = cluster.aliveWorkers();
        } finally {
            if (killedWorker.get() > 0) {
                cluster.restartWorker(killedWorker.get());
            }
        }
        ClusterRuns.timing(run.result());

        assertTrue(killedWorker.get() > 0, "a Worker was killed during training");
        assertEquals(1, aliveAfter, "the Master dropped the killed Worker");
        assertWritten(run);
        assertTrue(run.stage("train").get("failed_task_attempts").asInt() >= 1, "the lost attempt counts as failed");
        assertEquals(2, run.stage("train").get("models").size());
        assertSameFinalModel(run);
        assertEquals(StandaloneCluster.WORKERS, cluster.aliveWorkers(), "the Worker is back for the next test");
    }

    @Test
    void aDriverKilledAfterTrainingLeavesNoOutputAndTheRerunTrainsNothingAndEndsWithTheSameModel() throws Exception {
        AtomicInteger trained = new AtomicInteger();
        // the driver prints "model N trained on HOST" once both training tasks have returned (and
        // checkpointed their models)
        JobSubmission.Result killed = ClusterRuns.quickstart(cluster, "driver-killed")
                .killDriverWhen(l -> l.contains(" trained on ") && trained.incrementAndGet() == 2)
                .run();
        ClusterRuns.Run first = ClusterRuns.finished(killed, "driver-killed");
        assertTrue(killed.driverKilled(), killed.tail(40));
        assertFalse(Files.exists(first.output()), "a killed run leaves no output directory");
        try (Stream<Path> files = Files.walk(first.checkpoints())) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().endsWith(".zip")).count(), "both models checkpointed");
        }
        // the killed driver's executors exit (their driver is gone) before the rerun takes the cores
        cluster.awaitNoExecutors(Duration.ofMinutes(2));

        ClusterRuns.Run rerun = ClusterRuns.finished(ClusterRuns.rerun(cluster, "driver-killed").logAs("driver-killed-rerun").run(),
                "driver-killed");
        ClusterRuns.timing(rerun.result());
        assertWritten(rerun);
        assertTrue(rerun.result().printed("model 0 reused from") && rerun.result().printed("model 1 reused from"),
                rerun.result().tail(40));
        assertFalse(rerun.result().printed("splitfuse: training "), "the rerun trains nothing");
        assertEquals(0, rerun.stage("train").get("tasks").asInt(), "no training task");
        assertSameFinalModel(rerun);
    }
}
