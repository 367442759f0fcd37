package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.splitfuse.spark.charts.Names;

/**
 * The markdown table and summary of the data-free benchmark: per model, every (group, sparsity)
 * cell with each method's accuracy, and over the cells from 30% to 70% how often the better
 * Intra-Fusion mode beats default pruning, by how much on average, and the worst cell.
 */
final class DataFreeReport {

    private DataFreeReport() {
    }

    static void write(List<DataFreeResult> results, DataFreeSettings s) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Data-free Intra-Fusion (`bin/splitfuse data-free-bench`)\n\n");
        md.append(String.format(Locale.ROOT, "Data: %s. Models at width %s; %s importance; no fine-tuning. Accuracy in %% "
                        + "on the test set (pruned cells: the first N test examples, N per model below; the unpruned "
                        + "accuracy: the whole test set); \"gain\" = best Intra-Fusion mode minus default, in points. "
                        + "Logit L2: mean L2 distance between the pruned and the original logits on %d test examples "
                        + "(in data-free.csv).%n%n", s.data().id(), s.width(), s.importance(), s.logitExamples()));
        Map<String, List<DataFreeResult>> byModel = new LinkedHashMap<>();
        for (DataFreeResult r : results) {
            byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<DataFreeResult>> e : byModel.entrySet()) {
            model(md, e.getKey(), e.getValue(), s);
            DataFreeResult original = e.getValue().stream().filter(r -> r.method().equals("original")).findFirst()
                    .orElse(DataFreeResult.original(e.getKey(), Double.NaN, 0, 0));
            // from the CSVs Stored.write has just written: what `bin/splitfuse plot data-free` redraws
            DataFreePlot.write(s.outputDir().resolve(Stored.CELLS), s.outputDir().resolve(Stored.BASE), e.getKey(),
                    caption(e.getKey(), original, s), s.outputDir().resolve("data-free-" + e.getKey() + ".png"));
            md.append("![").append(e.getKey()).append("](data-free-").append(e.getKey()).append(".png)\n\n");
        }
        Files.createDirectories(s.outputDir());
        Files.writeString(s.outputDir().resolve("data-free.md"), md.toString());
    }

    static String caption(String model, DataFreeResult original, DataFreeSettings s) {
        return String.format(Locale.ROOT, "%s (width %s) on %s, trained %d epochs; %s importance; pruned models "
                        + "evaluated on the first %,d test examples.", Names.model(model), Names.width(s.width()), Names.data(s.data().id()), original.epochs(),
                s.importance().toUpperCase(Locale.ROOT), original.evalExamples());
    }

    private static void model(StringBuilder md, String model, List<DataFreeResult> rows, DataFreeSettings s) {
        DataFreeResult original = rows.stream().filter(r -> r.method().equals("original")).findFirst()
                .orElse(DataFreeResult.original(model, Double.NaN, 0, 0));
        md.append("## ").append(model).append(String.format(Locale.ROOT, " (unpruned: %.2f%%)%n%n", 100 * original.accuracy()));
        md.append(String.format(Locale.ROOT, "Trained %d epochs; pruned cells evaluated on N = %d test examples.%n%n",
                original.epochs(), original.evalExamples()));
        Set<String> groups = new LinkedHashSet<>();
        rows.stream().filter(r -> !r.method().equals("original")).forEach(r -> groups.add(r.group()));
        // the gain compares data-free methods only: a repaired method used training inputs
        List<String> ifMethods = s.methods().stream().filter(m -> m.startsWith("if-") && DataFreeSettings.repair(m) == null).toList();
        boolean compare = s.methods().contains("default") && !ifMethods.isEmpty();
        summary(md, rows, groups, ifMethods, compare);
        md.append("| group | sparsity | ").append(String.join(" | ", s.methods())).append(compare ? " | gain |" : " |").append('\n');
        md.append("| --- | --- |").append(" --- |".repeat(s.methods().size() + (compare ? 1 : 0))).append('\n');
        for (String group : groups) {
            Set<Double> sparsities = new LinkedHashSet<>();
            rows.stream().filter(r -> r.group().equals(group)).forEach(r -> sparsities.add(r.sparsity()));
            for (double sp : sparsities) {
                md.append("| ").append(group).append(" | ").append(String.format(Locale.ROOT, "%.0f%%", 100 * sp));
                for (String m : s.methods()) {
                    md.append(" | ").append(find(rows, group, sp, m).map(r -> pct(r.accuracy())).orElse("-"));
                }
                if (compare) {
                    Optional<Double> gain = gain(rows, group, sp, ifMethods);
                    md.append(" | ").append(gain.map(g -> String.format(Locale.ROOT, "%+.2f", 100 * g)).orElse("-"));
                }
                md.append(" |\n");
            }
        }
        md.append('\n');
    }

    /** Win rate, mean gain and worst cell over single-group cells from 30% to 70%. */
    private static void summary(StringBuilder md, List<DataFreeResult> rows, Set<String> groups, List<String> ifMethods,
                                boolean compare) {
        if (!compare) {
            return;
        }
        int cells = 0;
        int wins = 0;
        double gainSum = 0;
        String worst = null;
        double worstGain = Double.POSITIVE_INFINITY;
        Map<String, int[]> modeWins = new LinkedHashMap<>();
        Map<String, Double> modeSum = new LinkedHashMap<>();
        for (String group : groups) {
            if (group.equals("all")) {
                continue;
            }
            for (DataFreeResult r : rows) {
                if (!r.group().equals(group) || !r.method().equals("default") || r.sparsity() < 0.295 || r.sparsity() > 0.705) {
                    continue;
                }
                Optional<Double> gain = gain(rows, group, r.sparsity(), ifMethods);
                if (gain.isEmpty()) {
                    continue;
                }
                cells++;
                wins += gain.get() > 0 ? 1 : 0;
                gainSum += gain.get();
                if (gain.get() < worstGain) {
                    worstGain = gain.get();
                    worst = String.format(Locale.ROOT, "group %s at %.0f%%", group, 100 * r.sparsity());
                }
                for (String m : ifMethods) {
                    double acc = find(rows, group, r.sparsity(), m).map(DataFreeResult::accuracy).orElse(Double.NaN);
                    modeWins.computeIfAbsent(m, k -> new int[1])[0] += acc > r.accuracy() ? 1 : 0;
                    modeSum.merge(m, acc - r.accuracy(), Double::sum);
                }
            }
        }
        if (cells == 0) {
            return;
        }
        md.append(String.format(Locale.ROOT, "Single groups, sparsity 30-70%%: the better Intra-Fusion mode beats default "
                        + "pruning in **%d of %d cells (%.0f%%)**, mean gain **%+.2f points**; worst cell: %s (%+.2f).%n%n",
                wins, cells, 100.0 * wins / cells, 100 * gainSum / cells, worst, 100 * worstGain));
        for (String m : ifMethods) {
            md.append(String.format(Locale.ROOT, "- %s alone: beats default in %d of %d cells, mean gain %+.2f points%n", m,
                    modeWins.get(m)[0], cells, 100 * modeSum.get(m) / cells));
        }
        md.append('\n');
    }

    private static Optional<Double> gain(List<DataFreeResult> rows, String group, double sp, List<String> ifMethods) {
        Optional<DataFreeResult> base = find(rows, group, sp, "default");
        double best = Double.NEGATIVE_INFINITY;
        for (String m : ifMethods) {
            Optional<DataFreeResult> r = find(rows, group, sp, m);
            if (r.isPresent()) {
                best = Math.max(best, r.get().accuracy());
            }
        }
        double b = best;
        return base.isPresent() && b > Double.NEGATIVE_INFINITY ? Optional.of(b - base.get().accuracy()) : Optional.empty();
    }

    static Optional<DataFreeResult> find(List<DataFreeResult> rows, String group, double sparsity, String method) {
        return rows.stream().filter(r -> r.group().equals(group) && r.method().equals(method)
                && Math.abs(r.sparsity() - sparsity) < 1e-9).findFirst();
    }

    private static String pct(double accuracy) {
        return String.format(Locale.ROOT, "%.2f", 100 * accuracy);
    }
}
