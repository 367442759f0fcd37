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
 * The markdown tables and summaries of the data-free benchmark: per model, the figures pooled over
 * its checkpoints ({@link DataFreePooled}), then per checkpoint (seed) every (group, sparsity) cell
 * with each method's accuracy, and over the cells from 30% to 70% how often the better Intra-Fusion
 * mode beats default pruning, by how much on average, and the worst cell.
 */
final class DataFreeReport {

    private DataFreeReport() {
    }

    static void write(List<DataFreeResult> results, DataFreeSettings s) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Data-free Intra-Fusion (`bin/splitfuse data-free-bench`)\n\n");
        md.append(String.format(Locale.ROOT, "Data: %s. Models at width %s; %s importance; no fine-tuning. Accuracy in %% "
                        + "on the test set (pruned cells: the first N test examples, N per checkpoint below; the unpruned "
                        + "accuracy: the whole test set); \"gain\" = best Intra-Fusion mode minus default, in points. "
                        + "Logit L2: mean L2 distance between the pruned and the original logits on %d test examples "
                        + "(in data-free.csv). Each model is trained once per seed, each an independent checkpoint "
                        + "(its own initialisation and shuffling), and every cell runs on every checkpoint: per model, "
                        + "the figures pooled over its checkpoints come first, then each checkpoint's.%n%n", s.data().id(), s.width(), s.importance(), s.logitExamples()));
        Map<String, List<DataFreeResult>> byModel = new LinkedHashMap<>();
        for (DataFreeResult r : results) {
            byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
        List<String> ifMethods = dataFreeIfMethods(s);
        for (Map.Entry<String, List<DataFreeResult>> e : byModel.entrySet()) {
            String model = e.getKey();
            List<Long> seeds = e.getValue().stream().map(DataFreeResult::seed).distinct().sorted().toList();
            md.append("## ").append(model).append(String.format(Locale.ROOT, " (%d checkpoint%s: seed%s %s)%n%n",
                    seeds.size(), seeds.size() == 1 ? "" : "s", seeds.size() == 1 ? "" : "s", join(seeds)));
            DataFreePooled.write(md, model, e.getValue(), seeds, s.methods(), ifMethods);
            for (long seed : seeds) {
                checkpoint(md, model, seed, e.getValue().stream().filter(r -> r.seed() == seed).toList(), s, ifMethods);
            }
            // from the CSVs Stored.write has just written: what `bin/splitfuse plot data-free` redraws
            DataFreePlot.write(s.outputDir().resolve(Stored.CELLS), s.outputDir().resolve(Stored.BASE), model,
                    caption(model, e.getValue(), s), s.outputDir().resolve("data-free-" + model + ".png"));
            md.append("![").append(model).append("](data-free-").append(model).append(".png)\n\n");
        }
        Files.createDirectories(s.outputDir());
        Files.writeString(s.outputDir().resolve("data-free.md"), md.toString());
    }

    /** The data-free Intra-Fusion modes among the methods: the gain compares these only (a repaired method used training inputs). */
    static List<String> dataFreeIfMethods(DataFreeSettings s) {
        return s.methods().stream().filter(m -> m.startsWith("if-") && DataFreeSettings.repair(m) == null).toList();
    }

    static String join(List<Long> seeds) {
        return String.join(", ", seeds.stream().map(String::valueOf).toList());
    }

    /** The plot's caption: the model's checkpoints, from their unpruned rows (epochs and evaluation size of the first). */
    static String caption(String model, List<DataFreeResult> rows, DataFreeSettings s) {
        List<DataFreeResult> originals = rows.stream().filter(r -> r.method().equals("original")).toList();
        DataFreeResult first = originals.isEmpty() ? DataFreeResult.original(model, 0, Double.NaN, 0, 0) : originals.get(0);
        List<Long> seeds = rows.stream().map(DataFreeResult::seed).distinct().sorted().toList();
        String checkpoints = seeds.size() == 1 ? "seed " + seeds.get(0)
                : String.format(Locale.ROOT, "%d checkpoints (seeds %s): lines the mean, bars from the lowest to the highest",
                        seeds.size(), join(seeds));
        return String.format(Locale.ROOT, "%s (width %s) on %s, trained %d epochs, %s; %s importance; pruned models "
                        + "evaluated on the first %,d test examples.", Names.model(model), Names.width(s.width()),
                Names.data(s.data().id()), first.epochs(), checkpoints, s.importance().toUpperCase(Locale.ROOT),
                first.evalExamples());
    }

    /** One checkpoint's section: its unpruned accuracy, summary and table of every cell. */
    private static void checkpoint(StringBuilder md, String model, long seed, List<DataFreeResult> rows, DataFreeSettings s,
                                   List<String> ifMethods) {
        DataFreeResult original = rows.stream().filter(r -> r.method().equals("original")).findFirst()
                .orElse(DataFreeResult.original(model, seed, Double.NaN, 0, 0));
        md.append("### ").append(model).append(" seed ").append(seed)
                .append(String.format(Locale.ROOT, " (unpruned: %.2f%%)%n%n", 100 * original.accuracy()));
        md.append(String.format(Locale.ROOT, "Trained %d epochs; pruned cells evaluated on N = %d test examples.%n%n",
                original.epochs(), original.evalExamples()));
        Set<String> groups = new LinkedHashSet<>();
        rows.stream().filter(r -> !r.method().equals("original")).forEach(r -> groups.add(r.group()));
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
                if (!r.group().equals(group) || !r.method().equals("default") || !DataFreePooled.inSummaryRange(r.sparsity())) {
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

    static Optional<Double> gain(List<DataFreeResult> rows, String group, double sp, List<String> ifMethods) {
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
