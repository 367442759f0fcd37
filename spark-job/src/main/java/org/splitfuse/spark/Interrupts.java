package org.splitfuse.spark;

import org.apache.spark.api.java.JavaSparkContext;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM during a run of {@link SplitFuseJob#main} (or of a sweep of runs): instead of the JVM's shutdown,
 * which stops Spark under the running job and ends in a trace, the signal is recorded, the running
 * Spark jobs are cancelled and the driver is interrupted; the run then unwinds like any failure (the
 * output's staging directory removed, the checkpoints of finished models kept) and the job exits
 * with 128 + the signal's number. A second signal ends the process at once.
 */
public final class Interrupts {

    private static volatile String signal;
    private static volatile JavaSparkContext running;

    private Interrupts() {
    }

    /** Installs the handlers; only the command-line entry point does (tests that call run() keep the JVM's). */
    public static void install() {
        Thread driver = Thread.currentThread();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (signal != null) {
                    Runtime.getRuntime().halt(exitCode(signal));
                }
                signal = "SIG" + s.getName();
                JavaSparkContext sc = running;
                if (sc != null) {
                    sc.cancelAllJobs();
                }
                driver.interrupt();
            });
        }
    }

    /** The signal that stopped the run ("SIGTERM"), or null. */
    public static String signal() {
        return signal;
    }

    public static int exitCode(String signal) {
        return "SIGINT".equals(signal) ? 130 : 143;
    }

    /** The Spark context whose jobs a signal cancels; null when none is running. */
    static void running(JavaSparkContext sc) {
        running = sc;
        if (sc != null && signal != null) {
            sc.cancelAllJobs();
        }
    }

    /**
     * After a signal, waits (at most 15 s) until the cancelled tasks have reported back, before the
     * context is stopped: a kill report arriving after stop() finds Spark's result pool shut down and
     * Spark logs an ERROR with a trace (TaskSchedulerImpl.statusUpdate, RejectedExecutionException).
     */
    static void drain(JavaSparkContext sc) {
        if (signal == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && busy(sc)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean busy(JavaSparkContext sc) {
        if (sc.statusTracker().getActiveJobIds().length > 0) {
            return true;
        }
        for (org.apache.spark.SparkExecutorInfo e : sc.sc().statusTracker().getExecutorInfos()) {
            if (e.numRunningTasks() > 0) {
                return true;
            }
        }
        return false;
    }

    /** A try-with-resources step that waits for cancelled tasks; throws nothing. */
    @FunctionalInterface
    interface Drain extends AutoCloseable {
        @Override
        void close();
    }

    /** Thrown at a stage boundary once a signal has arrived, so that no further work starts. */
    public static void checkNotStopped() {
        if (signal != null) {
            throw new Stopped(signal);
        }
    }

    /** The run was stopped by a signal; not an error of the input nor a bug. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(String signal) {
            super("stopped by " + signal);
        }
    }
}
