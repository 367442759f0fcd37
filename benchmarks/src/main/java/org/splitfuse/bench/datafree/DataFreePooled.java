package org.splitfuse.bench.datafree;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One model's figures pooled over its checkpoints (seeds), so that no default rests on one trained
 * model: over every checkpoint's single-group cells from 30% to 70% sparsity together, each method's
 * mean accuracy, each data-free Intra-Fusion mode's win rate against default pruning, the mean of the
 * per-cell best published mode (paper, preserving) where each is present, and the worst cell of the better mode.
 */
final class DataFreePooled {

    private DataFreePooled() {
    }

    /** The sparsities the summaries cover: 30% to 70% (as stored, to two decimals). */
    static boolean inSummaryRange(double sparsity) {
        return sparsity >= 0.295 && sparsity <= 0.705;
    }

    /** A pooled cell: one checkpoint's single group at one sparsity. */
    private record Cell(long seed, String group, double sparsity, List<DataFreeResult> rows) {
        Optional<Double> accuracy(String method) {
            return DataFreeReport.find(rows, group, sparsity, method).map(DataFreeResult::accuracy);
        }
    }

    static void write(StringBuilder md, String model, List<DataFreeResult> rows, List<Long> seeds, List<String> methods,
                      List<String> ifMethods) {
        List<Cell> cells = cells(rows, seeds);
        double[] unpruned = rows.stream().filter(r -> r.method().equals("original")).mapToDouble(DataFreeResult::accuracy)
                .toArray();
        md.append("### ").append(model).append(" pooled over ").append(seeds.size()).append(seeds.size() == 1
                ? " checkpoint" : " checkpoints").append(" (seed").append(seeds.size() == 1 ? " " : "s ")
                .append(DataFreeReport.join(seeds)).append(")\n\n");
        md.append(String.format(Locale.ROOT, "Unpruned: mean %.2f%% over %d checkpoint(s). Single groups, sparsity 30-70%%, "
                        + "every checkpoint's cells together (%d cells = checkpoints x groups x sparsities); \"beats default\" "
                        + "and the gain compare cells where both methods are present.%n%n",
                100 * java.util.Arrays.stream(unpruned).average().orElse(Double.NaN), unpruned.length, cells.size()));
        md.append("| method | mean accuracy | cells | beats default | mean gain over default |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (String m : methods) {
            row(md, m, cells, c -> c.accuracy(m));
        }
        List<String> published = ifMethods.stream().filter(m -> !m.startsWith("if-rescaled")).toList();
        if (published.size() > 1) {
            // only where every mode is present: the best of fewer modes would not be the same figure; the
            // published modes only, the bar a new mode (if-rescaled) is measured against
            row(md, "best of " + String.join(" / ", published), cells, c -> best(c, published));
        }
        md.append('\n');
        if (!ifMethods.isEmpty()) {
            worst(md, cells, ifMethods);
        }
    }

    private static List<Cell> cells(List<DataFreeResult> rows, List<Long> seeds) {
        List<Cell> cells = new ArrayList<>();
        for (long seed : seeds) {
            List<DataFreeResult> mine = rows.stream().filter(r -> r.seed() == seed && !r.method().equals("original")
                    && !r.group().equals("all") && inSummaryRange(r.sparsity())).toList();
            List<String> seen = new ArrayList<>();
            for (DataFreeResult r : mine) {
                String key = r.group() + "|" + String.format(Locale.ROOT, "%.4f", r.sparsity());
                if (!seen.contains(key)) {
                    seen.add(key);
                    cells.add(new Cell(seed, r.group(), r.sparsity(), mine));
                }
            }
        }
        return cells;
    }

    private static Optional<Double> best(Cell c, List<String> ifMethods) {
        double best = Double.NEGATIVE_INFINITY;
        for (String m : ifMethods) {
            Optional<Double> a = c.accuracy(m);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            best = Math.max(best, a.get());
        }
        return Optional.of(best);
    }

    private static void row(StringBuilder md, String name, List<Cell> cells,
                            java.util.function.Function<Cell, Optional<Double>> accuracy) {
        double sum = 0;
        int n = 0;
        int compared = 0;
        int wins = 0;
        double gainSum = 0;
        for (Cell c : cells) {
            Optional<Double> a = accuracy.apply(c);
            if (a.isEmpty()) {
                continue;
            }
            sum += a.get();
            n++;
            Optional<Double> base = c.accuracy("default");
            if (base.isPresent() && !name.equals("default")) {
                compared++;
                wins += a.get() > base.get() ? 1 : 0;
                gainSum += a.get() - base.get();
            }
        }
        md.append("| ").append(name).append(" | ").append(n == 0 ? "-" : String.format(Locale.ROOT, "%.2f", 100 * sum / n))
                .append(" | ").append(n).append(" | ")
                .append(compared == 0 ? "-" : String.format(Locale.ROOT, "%d of %d (%.0f%%)", wins, compared,
                        100.0 * wins / compared))
                .append(" | ").append(compared == 0 ? "-" : String.format(Locale.ROOT, "%+.2f", 100 * gainSum / compared))
                .append(" |\n");
    }

    /** The cell where the better Intra-Fusion mode does worst against default pruning, over every checkpoint. */
    private static void worst(StringBuilder md, List<Cell> cells, List<String> ifMethods) {
        Cell worst = null;
        double worstGain = Double.POSITIVE_INFINITY;
        for (Cell c : cells) {
            Optional<Double> gain = DataFreeReport.gain(c.rows(), c.group(), c.sparsity(), ifMethods);
            if (gain.isPresent() && gain.get() < worstGain) {
                worstGain = gain.get();
                worst = c;
            }
        }
        if (worst != null) {
            md.append(String.format(Locale.ROOT, "Worst cell for the better Intra-Fusion mode: seed %d, group %s at %.0f%% "
                    + "(%+.2f points against default).%n%n", worst.seed(), worst.group(), 100 * worst.sparsity(), 100 * worstGain));
        }
    }
}
