package org.splitfuse.spark;

import org.apache.spark.api.java.JavaSparkContext;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM during a run of {@link SplitFuseJob#main} (or of a sweep of runs): instead of the JVM's shutdown,
 * which stops Spark under the running job and ends in a trace, the signal is recorded, the running
 * Spark jobs are cancelled and the driver is interrupted (while a Spark context runs; doing local work,
 * it stops at the next stage boundary); the run then unwinds like any failure (the
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
                    // the driver waits on Spark: cancelled jobs and an interrupt unwind it at once.
                    // Without a context it is doing local work (checks, Hadoop file calls, which
                    // log an interrupt with a trace); it stops at the next checkNotStopped.
                    quietIntendedShutdown();
                    sc.cancelAllJobs();
                    driver.interrupt();
                }
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
            // the signal came while Spark was starting: no work begins
            throw new Stopped(signal);
        }
    }

    /**
     * A stopped run's cancelled tasks may report after stop() has shut Spark's result pool:
     * Spark then logs an ERROR with a trace (TaskSchedulerImpl.statusUpdate,
     * RejectedExecutionException) about a shutdown that is intended. Waiting for the tasks would
     * let a model's training run to its end, so that one logger is silenced instead.
     */
    private static void quietIntendedShutdown() {
        try {
            org.apache.logging.log4j.core.config.Configurator.setLevel(
                    "org.apache.spark.scheduler.TaskSchedulerImpl", org.apache.logging.log4j.Level.OFF);
        } catch (LinkageError | RuntimeException e) {
            // another logging backend: Spark's line stays
        }
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
