package org.splitfuse.spark;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.splitfuse.core.UserError;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.spark.config.ConfigLoader;
import org.splitfuse.spark.config.JobConfig;

/**
 * Entry point, under spark-submit or run directly (embedded local[*,4] Spark when no master is
 * set). Arguments: [CONFIG_FILE] [key=value ...], or --help. Exit codes: 0 success, 2 bad input (a
 * {@link UserError}: configuration, data, model file, output location), 1 a bug (with its trace).
 */
public final class SplitFuseJob {

    private SplitFuseJob() {
    }

    public static void main(String[] args) {
        Interrupts.install();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(usage());
            return 0;
        }
        JobRunner runner = null;
        try {
            JobConfig config = parse(args);
            runner = new JobRunner(config, out, err);
            runner.run();
            return 0;
        } catch (Exception | LinkageError e) {
            String signal = Interrupts.signal();
            if (signal != null) {
                // whatever the signal's interruption threw on its way out: the run was stopped, not failed
                err.println("splitfuse: stopped by " + signal + "; kept: " + (runner == null ? "nothing" : runner.kept()));
                return Interrupts.exitCode(signal);
            }
            return report(e, err);
        }
    }

    /**
     * One run for a caller that reports failures itself (split-data-bench): bad input (a
     * {@link UserError}) and bugs are thrown, nothing is printed to {@code err} about them.
     */
    public static void execute(String[] args, PrintStream out, PrintStream err) throws Exception {
        new JobRunner(parse(args), out, err).run();
    }

    /** Reads and checks the arguments of a run without starting it: a run's bad configuration, known before any work. */
    public static JobConfig check(String[] args) {
        return parse(args);
    }

    /**
     * One run of the job on a parsed config, as {@code bin/splitfuse run} does it (a sweep's cells
     * run through here); failures are thrown, not reported.
     */
    public static void execute(JobConfig config, PrintStream out, PrintStream err) throws java.io.IOException {
        new JobRunner(config, out, err).run();
    }

    /** The Hadoop configuration a run of {@code config} resolves its locations with (before Spark starts). */
    public static org.apache.hadoop.conf.Configuration hadoopConf(JobConfig config) {
        return SparkContexts.hadoopConf(SparkContexts.conf(config.spark()));
    }

    /**
     * The one rule of every entry point: a {@link UserError} (bad configuration, data, model file or
     * output location, also when it arrives wrapped, e.g. by Spark) is one line and exit 2; anything
     * else is a bug: its stack trace and exit 1.
     */
    static int report(Throwable failure, PrintStream err) {
        return UserError.report("splitfuse", failure, err);
    }

    static JobConfig parse(String[] args) {
        File configFile = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.contains("=")) {
                overrides.add(a);
            } else if (a.startsWith("-")) {
                // not a config file named --verbose: the job has no options; every setting is a key
                throw new ConfigError("unknown option '" + a + "': run takes [CONFIG] [key=value ...] or --help;"
                        + " every setting is a config key (docs/configuration.md)");
            } else if (i == 0) {
                configFile = new File(a);
            } else {
                throw new ConfigError("unexpected argument '" + a
                        + "': only the first argument may be a config file; the rest are key=value");
            }
        }
        return ConfigLoader.load(configFile, overrides);
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/splitfuse run [CONFIG] [key=value ...]",
                "       bin/splitfuse run --help",
                "",
                "Runs a plan (plan.kind: paf, fap, whole-data, kfold, sync-dp): Split-Data trains one model",
                "per shard on the Spark executors with no communication, then prunes (Intra-Fusion) and",
                "fuses (optimal transport) them into one small model, with distributed fine-tuning.",
                "Writes model.zip, trained/, report.json and _SUCCESS to output.uri (any Hadoop URI).",
                "Spark: spark.master, else spark-submit's master, else embedded local[*,4].",
                "",
                "CONFIG is a HOCON file (see configs/); key=value pairs override it, e.g.",
                "  bin/splitfuse run configs/default.conf split.shards=4 train.epochs=1 output.uri=/tmp/run",
                "There are no other options: every setting is a config key. Every key and its default:",
                "docs/configuration.md (spark-job/src/main/resources/reference.conf).",
                "Exit codes: 0 done; 2 bad input (one 'splitfuse: error:' line); 1 a bug (with its trace);",
                "130/143 stopped by SIGINT/SIGTERM (checkpoints kept, nothing half-written).");
    }
}
