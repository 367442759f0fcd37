package org.splitfuse.bench.scaling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.spark.charts.Axes;
import org.splitfuse.spark.charts.Names;

/** split-data-scaling.md and split-data-scaling.csv (the projection). */
final class ScalingReport {

    static final String MD = "split-data-scaling.md";
    static final String CSV = "split-data-scaling.csv";
    static final String PNG = "split-data-scaling.png";

    private ScalingReport() {
    }

    /** Everything the report shows. */
    record Inputs(ScalingSettings settings, List<MeasuredRun> measured, List<MeasuredRun> fitted, MeasuredScenarios scenarios,
                  CostFit fit, HeldOutCheck heldOut, Projection projection) {
    }

    static List<String> csv(Projection p) {
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("model", "width", "k", "gbit"));
        p.methods().forEach(m -> header.add(m.id() + "_s"));
        p.methods().forEach(m -> header.add(m.id() + "_bytes"));
        header.addAll(List.of("best_sync", "paf_over_best_sync", "paf_over_whole_data"));
        lines.add(String.join(",", header));
        for (Projection.Cell c : p.cells()) {
            List<String> f = new ArrayList<>(List.of(c.model().family().id(), num(c.model().width()), Integer.toString(c.k()),
                    num(c.gbit())));
            p.methods().forEach(m -> f.add(String.format(Locale.ROOT, "%.1f", c.seconds().get(m))));
            p.methods().forEach(m -> f.add(String.format(Locale.ROOT, "%.0f", c.bytes().get(m))));
            Method best = c.bestSync();
            f.add(best == null ? "" : best.id());
            f.add(ratio(c.pafOverBestSync()));
            f.add(ratio(c.pafOverWholeData()));
            lines.add(String.join(",", f));
        }
        return lines;
    }

    static String markdown(Inputs in) {
        ScalingSettings s = in.settings();
        StringBuilder md = new StringBuilder("# Split-Data scaling: a cost model fitted on the measured runs\n\n");
        md.append("`bin/splitfuse split-data-scaling` reads ").append(s.runsCsv()).append(" and ").append(s.stagesCsv())
                .append(", models every stage's seconds as a sum of terms, each linear in a coefficient fitted by non-negative "
                        + "least squares (")
                .append(s.relativeWeights() ? "relative errors" : "absolute seconds").append(") on the runs matching `fit.runs` = ")
                .append(s.fit()).append(" (").append(in.fit().runs()).append(" runs, ").append(in.fit().stages())
                .append(" stages), checks it on the runs matching `held-out.runs` = ").append(s.heldOut())
                .append(", and projects the time to the final pruned model to more machines, other models and faster links.\n\n");
        measured(md, in);
        coefficients(md, in);
        bytes(md, in);
        inSample(md, in);
        heldOut(md, in);
        projection(md, in);
        regimes(md, in.projection(), in.fitted(), in.fit());
        assumptions(md, s);
        md.append("\n![split-data-scaling](").append(PNG).append(")\n");
        return md.toString();
    }

    private static void measured(StringBuilder md, Inputs in) {
        md.append("## Measured runs\n\n| method | network | K | width | parameters (model) | stages (s) | total | bytes moved | wire bytes | use |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (MeasuredRun r : in.measured()) {
            ModelSize pruned = in.scenarios().model().pruned(in.scenarios().scenario(r));
            String stages = r.stages().entrySet().stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.1f",
                    e.getValue().seconds())).collect(Collectors.joining(", "));
            String use = in.fitted().contains(r) ? "fitted" : in.heldOut().runs().stream().anyMatch(h -> h.run() == r) ? "held out" : "-";
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %,d (%,d) | %s | %.1f s | %s | %s | %s |%n", r.method().id(),
                    r.network().name(), r.k(), Names.width(r.width()), r.params(), pruned.params(), stages, r.stageSeconds(),
                    Axes.bytesText(r.bytesMoved()), Double.isNaN(r.wireBytes()) ? "-" : Axes.bytesText(r.wireBytes()), use));
        }
        md.append("\nParameters: the final model's as measured, and in brackets the model's pruned model (the zoo model at width x (1 - sparsity)).\n\n");
    }

    private static void coefficients(StringBuilder md, Inputs in) {
        md.append("## The model\n\nEach stage's seconds = sum over the terms of coefficient x term (docs/split-data.md, "
                + "\"Scaling\", has every stage's equations). Fitted coefficients:\n\n| term | multiplies | coefficient | unit | in the fitted stages |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (Term t : Term.values()) {
            double c = in.fit().coefficients()[t.ordinal()];
            md.append(String.format(Locale.ROOT, "| %s | %s | %s (raw %.4g) | %s | %s |%n", t.label(), t.multiplies(), t.show(c), c,
                    t.unit(), in.fit().identified()[t.ordinal()] ? "yes" : "**no: not identified, 0**"));
        }
        md.append('\n');
    }

    private static void bytes(StringBuilder md, Inputs in) {
        md.append("## Bytes: the model's count against the measured\n\nModelled: bytes over the bottleneck link from first principles "
                + "(parameters x 4 bytes, K, rounds); bytes moved: the Spark listener's count; wire bytes: counted on the emulated interfaces.\n\n"
                + "| run | stage | modelled | bytes moved | wire bytes | wire / modelled |\n| --- | --- | --- | --- | --- | --- |\n");
        for (MeasuredRun r : in.measured()) {
            if (r.network().loopback()) {
                continue;
            }
            for (StageTerms t : in.scenarios().stages(r)) {
                MeasuredRun.Stage m = r.stages().get(t.stage());
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.key(), t.stage(), Axes.bytesText(t.bytes()),
                        Axes.bytesText(m.bytesMoved()), Double.isNaN(m.wireBytes()) ? "-" : Axes.bytesText(m.wireBytes()),
                        Double.isNaN(m.wireBytes()) || t.bytes() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", m.wireBytes() / t.bytes())));
            }
        }
        md.append('\n');
    }

    /** The fitted runs' totals against the fit: how well the terms can describe the runs they were fitted on. */
    private static void inSample(StringBuilder md, Inputs in) {
        HeldOutCheck fitted = HeldOutCheck.of(in.fitted(), in.scenarios(), in.fit());
        md.append("## Fitted runs (in sample)\n\n| run | measured | fitted | relative error | worst stage |\n| --- | --- | --- | --- | --- |\n");
        for (HeldOutCheck.RunError r : fitted.runs()) {
            HeldOutCheck.StageError worst = r.stages().stream().max(java.util.Comparator.comparingDouble(HeldOutCheck.StageError::relative))
                    .orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %.1f%% | %s %.1f s against %.1f s |%n", r.run().key(), r.measured(),
                    r.predicted(), 100 * r.relative(), worst.stage(), worst.predicted(), worst.measured()));
        }
        md.append(String.format(Locale.ROOT, "%nIn sample: median relative error of the totals %.1f%%, max %.1f%%; of the stages %.1f%%.%n%n",
                100 * fitted.medianTotalError(), 100 * fitted.maxTotalError(), 100 * fitted.medianStageError()));
    }

    private static void heldOut(StringBuilder md, Inputs in) {
        HeldOutCheck h = in.heldOut();
        md.append("## Held-out runs\n\n");
        if (h.runs().isEmpty()) {
            md.append("No measured run matches `held-out.runs`: the fit is not checked.\n\n");
            return;
        }
        md.append("| run | stage | measured | predicted | relative error |\n| --- | --- | --- | --- | --- |\n");
        for (HeldOutCheck.RunError r : h.runs()) {
            for (HeldOutCheck.StageError e : r.stages()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f s | %.1f s | %.1f%% |%n", r.run().key(), e.stage(), e.measured(),
                        e.predicted(), 100 * e.relative()));
            }
            md.append(String.format(Locale.ROOT, "| %s | **total** | %.1f s | %.1f s | **%.1f%%** |%n", r.run().key(), r.measured(),
                    r.predicted(), 100 * r.relative()));
        }
        boolean met = h.maxTotalError() <= in.settings().tolerance();
        md.append(String.format(Locale.ROOT, "%nTotal time, %d held-out runs: median relative error %.1f%%, max %.1f%% (tolerance %.0f%%: "
                        + "**%s**); median over the stages %.1f%%.%n%n", h.runs().size(), 100 * h.medianTotalError(), 100 * h.maxTotalError(),
                100 * in.settings().tolerance(), met ? "met" : "missed", 100 * h.medianStageError()));
    }

    private static void projection(StringBuilder md, Inputs in) {
        Projection p = in.projection();
        md.append("## Projection: time to the final pruned model\n\nPredicted seconds (").append(CSV).append(" has them with the bytes)."
                + " Speedup: the other method's time / PaF's.\n\n| model | K | Gbit/s |");
        p.methods().forEach(m -> md.append(' ').append(m.id()).append(" (s) |"));
        md.append(" PaF over best sync-DP | PaF over whole-data |\n|").append(" --- |".repeat(3 + p.methods().size() + 2)).append('\n');
        for (Projection.Cell c : p.cells()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s |", modelName(c.model()), c.k(), num(c.gbit())));
            p.methods().forEach(m -> md.append(String.format(Locale.ROOT, " %.0f |", c.seconds().get(m))));
            Method best = c.bestSync();
            md.append(String.format(Locale.ROOT, " %s | %s |%n", best == null ? "-" : ratio(c.pafOverBestSync()) + "x (" + best.id() + ")",
                    Double.isNaN(c.pafOverWholeData()) ? "-" : ratio(c.pafOverWholeData()) + "x"));
        }
        md.append('\n');
    }

    private static void regimes(StringBuilder md, Projection p, List<MeasuredRun> fitted, CostFit fit) {
        md.append("## Where Split-Data wins\n\n");
        for (Term t : Term.values()) {
            if (!fit.identified()[t.ordinal()]) {
                md.append("**The fitted runs do not exercise the ").append(t.label()).append(" term** (")
                        .append(t == Term.NETWORK ? "no run over a shaped link" : "no stage that has it")
                        .append("): the projection charges nothing for it.\n\n");
            }
        }
        List<String> unmeasured = p.methods().stream().filter(m -> fitted.stream().noneMatch(r -> r.method() == m)).map(Method::id).toList();
        if (!unmeasured.isEmpty()) {
            md.append("Not among the fitted runs, projected from the shared coefficients alone: ").append(String.join(", ", unmeasured))
                    .append(".\n\n");
        }
        List<String> models = p.cells().stream().map(c -> c.model().id()).distinct().toList();
        for (String id : models) {
            List<Projection.Cell> cells = p.cells().stream().filter(c -> c.model().id().equals(id)).toList();
            ScalingSettings.ProjectedModel m = cells.get(0).model();
            List<Projection.Cell> lose = cells.stream().filter(c -> c.pafOverBestSync() < 1).toList();
            double lo = cells.stream().mapToDouble(Projection.Cell::pafOverBestSync).min().orElse(Double.NaN);
            double hi = cells.stream().mapToDouble(Projection.Cell::pafOverBestSync).max().orElse(Double.NaN);
            double wlo = cells.stream().mapToDouble(Projection.Cell::pafOverWholeData).min().orElse(Double.NaN);
            double whi = cells.stream().mapToDouble(Projection.Cell::pafOverWholeData).max().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "- %s: PaF over the best sync-DP variant %sx to %sx; ahead in %d of %d cells",
                    modelName(m), ratio(lo), ratio(hi), cells.size() - lose.size(), cells.size()));
            if (!lose.isEmpty()) {
                List<String> where = new ArrayList<>();
                for (int k : cells.stream().map(Projection.Cell::k).distinct().toList()) {
                    List<Projection.Cell> atK = cells.stream().filter(c -> c.k() == k).toList();
                    List<Projection.Cell> behind = lose.stream().filter(c -> c.k() == k).toList();
                    if (!behind.isEmpty()) {
                        where.add(String.format(Locale.ROOT, "K = %d at %s (%s)", k, behind.size() == atK.size() ? "every bandwidth"
                                : behind.stream().map(c -> num(c.gbit()) + " Gbit/s").collect(Collectors.joining(", ")),
                                behind.stream().map(c -> ratio(c.pafOverBestSync()) + "x").distinct().collect(Collectors.joining(", "))));
                    }
                }
                md.append("; behind for ").append(String.join("; ", where));
            }
            md.append(String.format(Locale.ROOT, ". Over whole-data %sx to %sx.%n", ratio(wlo), ratio(whi)));
        }
        md.append('\n');
    }

    private static void assumptions(StringBuilder md, ScalingSettings s) {
        Workload w = s.workload();
        md.append("## Assumptions\n\n")
                .append(String.format(Locale.ROOT, "- Measured runs: K Workers sharing one machine of %s cores (each %s / K), the driver %s cores; "
                        + "projected: each of K machines like one measured Worker with %s core(s) (a K = 2 Worker's share), one shard and one "
                        + "task each, the driver %s cores. Whole-data trains on one Worker like the others (at K = 4 measured: "
                        + "machine-cores / 4).%n", num(s.machineCores()), num(s.machineCores()), num(s.measuredDriverCores()),
                        num(s.workerCores()), num(s.projectionDriverCores())))
                .append("- The driver's link is the bottleneck of every exchange (a star: the driver sends each Worker its model and "
                        + "receives each one back, sequentially in a round); every link has the same bandwidth; sync-dp-gs is modelled as a "
                        + "ring all-reduce on a Worker's link, its per-step latency (2 (K - 1) messages a step) left out. Torrent broadcast between executors, compression and overlap of communication "
                        + "with compute are not modelled: the comparison with the wire bytes above says how far this holds.\n")
                .append(String.format(Locale.ROOT, "- Workload as measured: %d training examples in K iid shards, batch %d, %d epochs, %d + %d "
                        + "one-epoch fine-tune rounds, %.0f%% of every group pruned (the pruned model = the zoo model at %.2f x the width), "
                        + "fusion on %d samples and the refit on %d, sync-dp averaging every %d (sync-dp-f1: %d) minibatches. The same "
                        + "data and settings at every K: a larger K means smaller shards (n = N / K) and more Workers to exchange with.%n",
                        w.trainExamples(), w.batchSize(), w.epochs(), w.tunePruneRounds(), w.tuneFusionRounds(), 100 * w.sparsity(),
                        1 - w.sparsity(), w.fusionSamples(), w.repairSamples(), w.averagingFrequency(), w.averagingFrequencyF1()))
                .append("- Compute scales with FLOPs and activation elements per core, the same per FLOP for every width and model "
                        + "(ResNet18 is projected with coefficients fitted on VGG11-BN); OT's own cost, model (de)serialisation and the "
                        + "averaging are in the per-round, pruning and fusion terms. Accuracy is not modelled: every method is taken to reach "
                        + "its final model with the same training (docs/results/split-data.md gives the accuracies at K = 2).\n");
    }

    static void write(Path dir, Inputs in, String caption) throws IOException {
        AtomicFiles.writeLines(dir.resolve(CSV), csv(in.projection()));
        AtomicFiles.writeLines(dir.resolve(MD), List.of(markdown(in).split("\n", -1)));
        // from the CSV just written: the plot `bin/splitfuse plot split-data-scaling` redraws
        ScalingPlot.write(dir.resolve(CSV), caption, dir.resolve(PNG));
    }

    private static String modelName(ScalingSettings.ProjectedModel m) {
        return Names.model(m.family().id()) + " " + Names.width(m.width());
    }

    private static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "";
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
