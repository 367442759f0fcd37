package org.splitfuse.spark.sweep;

import java.io.File;
import java.io.PrintStream;
import java.util.Arrays;
import org.splitfuse.core.UserError;
import org.splitfuse.spark.Interrupts;
import org.splitfuse.core.config.ConfigError;

/**
 * {@code bin/splitfuse sweep SWEEP.conf [key=value ...]}: runs every cell of a sweep file's grid
 * as an ordinary run of the job, resumably, and writes sweep.csv and sweep.md (docs/sweeps.md).
 * Exit codes: 0 every cell ok, 1 some cell failed (or a bug), 2 a bad sweep file or config,
 * 130/143 stopped by SIGINT/SIGTERM.
 */
public final class Sweep {

    private Sweep() {
    }

    public static void main(String[] args) {
        Interrupts.install();
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("splitfuse sweep: error: no sweep file given (usage: bin/splitfuse sweep SWEEP.conf [key=value ...]; "
                    + "--help for more)");
            return 2;
        }
        if (args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage());
            return 0;
        }
        try {
            if (args[0].contains("=")) {
                throw new ConfigError("the first argument must be the sweep file, got '" + args[0] + "'");
            }
            SweepFile file = SweepFile.read(new File(args[0]), Arrays.asList(args).subList(1, args.length));
            return new SweepRunner(file, out, err).run();
        } catch (Exception | LinkageError e) {
            String signal = Interrupts.signal();
            if (signal != null) {
                err.println("splitfuse sweep: stopped by " + signal);
                return Interrupts.exitCode(signal);
            }
            return UserError.report("splitfuse sweep", e, err);
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: bin/splitfuse sweep SWEEP.conf [key=value ...]",
                "",
                "Runs every cell of the sweep file's grid (sweep.grid, sweep.zip, sweep.seeds) as one ordinary run",
                "of the job on the base config (sweep.base, sweep.overrides), each under sweep.output/CELL, and",
                "writes sweep.csv (one row per cell), sweep.md (mean +- std over seeds) and sweep.png there.",
                "Resumable: a cell",
                "whose output has _SUCCESS and the same config fingerprint is kept. sweep.parallel=N runs N cells",
                "at once, each in its own JVM. key=value: sweep.* keys set the sweep, any other key every cell, e.g.",
                "  bin/splitfuse sweep configs/sweeps/vgg11-sparsity.conf data.train-limit=6000 sweep.output=/tmp/s",
                "Sweep files: configs/sweeps/; every key: docs/sweeps.md.");
    }
}
