package org.splitfuse.bench.scaling;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.InputError;

/**
 * {@code bin/splitfuse split-data-scaling}: a cost model of the Split-Data comparison's stages
 * ({@link StageModel}) fitted on measured runs (split-data.csv, split-data-stages.csv) by
 * non-negative least squares, checked on held-out runs, projected to K machines, other models and
 * link bandwidths; writes split-data-scaling.md, .csv and .png. Runs nothing: it reads the CSVs.
 */
public final class SplitDataScaling {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse split-data-scaling [CONFIG] [key=value ...]",
            "  keys of split-data-scaling-reference.conf, e.g. 'fit.runs=[{k = 2, network = [1gbit, 10gbit]}]'",
            "  'held-out.runs=[{k = 4}]' projection.machines=[8,16] output-dir=/tmp/scaling",
            "Reads runs (split-data.csv) and stages (split-data-stages.csv) with their network, k, width and wire_bytes",
            "columns; fits the coefficients, reports the held-out error and writes split-data-scaling.md, .csv and .png",
            "to output-dir.");

    private SplitDataScaling() {
    }

    public static void main(String[] argv) {
        int exit = command(argv, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static int command(String[] argv, PrintStream err) {
        return ConfigVerb.run(argv, "split-data-scaling", USAGE, "split-data-scaling-reference.conf", "split-data-scaling",
                config -> run(ScalingSettings.from(config)), err);
    }

    /** The fit, the check and the projection, without writing anything. */
    static ScalingReport.Inputs analyse(ScalingSettings s) throws IOException {
        List<MeasuredRun> measured = MeasuredRuns.read(s.runsCsv(), s.stagesCsv(), s.ignoredMethods());
        List<MeasuredRun> fitted = measured.stream().filter(s.fit()::matches).toList();
        List<MeasuredRun> heldOut = measured.stream().filter(s.heldOut()::matches).toList();
        for (MeasuredRun r : heldOut) {
            if (fitted.contains(r)) {
                throw new InputError("the " + r.key() + " run (" + s.runsCsv() + " row " + r.row()
                        + ") matches both fit.runs and held-out.runs: a held-out run must not be fitted");
            }
        }
        if (fitted.isEmpty()) {
            throw new InputError("no run of " + s.runsCsv() + " matches fit.runs = " + s.fit() + " (runs: "
                    + String.join("; ", measured.stream().map(MeasuredRun::key).toList()) + ")");
        }
        Workload w = s.workload();
        StageModel model = new StageModel(w, new ModelSizes(w.input(), w.classes()));
        MeasuredScenarios scenarios = new MeasuredScenarios(model, s.machineCores(), s.measuredDriverCores());
        CostFit fit = CostFit.fit(fitted, scenarios, s.relativeWeights());
        HeldOutCheck check = HeldOutCheck.of(heldOut, scenarios, fit);
        Projection projection = Projection.of(s, model, fit);
        return new ScalingReport.Inputs(s, measured, fitted, scenarios, fit, check, projection);
    }

    static void run(ScalingSettings s) throws IOException {
        AtomicFiles.probe(s.outputDir().resolve(ScalingReport.MD));
        ScalingReport.Inputs in = analyse(s);
        for (Term t : Term.values()) {
            System.out.println(String.format(Locale.ROOT, "[split-data-scaling] %-22s %s %s", t.label(),
                    t.show(in.fit().coefficients()[t.ordinal()]), t.unit()));
        }
        if (!in.heldOut().runs().isEmpty()) {
            System.out.println(String.format(Locale.ROOT, "[split-data-scaling] held out: %d runs, total-time error median %.1f%%, max %.1f%%",
                    in.heldOut().runs().size(), 100 * in.heldOut().medianTotalError(), 100 * in.heldOut().maxTotalError()));
        }
        String caption = String.format(Locale.ROOT, "Cost model fitted on %d measured runs (%s), %s; each machine %s core(s), "
                        + "the driver's link the bottleneck. A line above 1: PaF reaches its final pruned model sooner.",
                in.fit().runs(), s.fit(), s.workload().family().id() + " on " + s.workload().trainExamples() + " examples",
                s.workerCores() == Math.rint(s.workerCores()) ? Long.toString((long) s.workerCores()) : Double.toString(s.workerCores()));
        ScalingReport.write(s.outputDir(), in, caption);
        System.out.println("[split-data-scaling] wrote " + s.outputDir().resolve(ScalingReport.MD) + ", " + ScalingReport.CSV + ", "
                + ScalingReport.PNG);
    }
}
