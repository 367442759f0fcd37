package org.splitfuse.bench.fusion;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.spark.charts.Names;

/**
 * fusion.md (one row per model, seed, K and shard kind, then per model, K and shard kind the mean of
 * its seeds' rows) and fusion.png ({@link FusionPlot}, from the CSVs just written).
 */
final class FusionReport {

    private FusionReport() {
    }

    /** The averages as the project runs them ({@code main}: with REPAIR when enabled) and without REPAIR. */
    private record Row(String model, String seed, int k, String shards, double parentsMean, double parentsBest, double vanilla,
                       double weight, double activation, double weightMean, double activationMean, double weightLs,
                       double activationLs, double plainVanilla,
                       double plainWeight, double plainActivation, double plainWeightMean, double plainActivationMean) {
    }

    static void write(List<FusionBench.Result> results, FusionSettings s) throws IOException {
        List<Row> rows = rows(results, s.repairSamples() > 0);
        StringBuilder md = new StringBuilder("# OT fusion against vanilla averaging (`bin/splitfuse fusion-bench`)\n\n");
        boolean repair = s.repairSamples() > 0;
        String epochs = rows.stream().map(Row::model).distinct()
                .map(m -> m + " " + s.epochs(ModelFamily.parse(m))).collect(java.util.stream.Collectors.joining(", "));
        md.append(String.format(Locale.ROOT, "Data: %s; models at width %s, each trained on its own shard (epochs: %s) "
                + "(independent initialisations); fused into the first model (\"mean\": into the models' iterated mean, "
                + "at most %d rounds; docs/fusion.md) without fine-tuning. Test accuracy in %%; "
                + "activation-based alignment on %d training examples. Label skew: Dirichlet(%s).%n%n",
                s.data().id(), s.width(), epochs, s.meanRounds(), s.activationSamples(), s.alpha()));
        if (repair) {
            md.append(String.format(Locale.ROOT, "\"+ REPAIR\": after averaging, every writer's pre-activations get the "
                    + "parents' average mean and standard deviation on %d training examples (forward passes only; "
                    + "docs/fusion.md); \"+ LS refit\": instead, every writer refit by least squares to the aligned parents' "
                    + "average pre-activations on the same examples. fusion.csv holds these; fusion-no-repair.csv the plain "
                    + "averages.%n%n", s.repairSamples()));
        }
        md.append("Per seed: each seed of train.seeds splits the data, initialises and shuffles its own K models "
                + "(from seed + i).\n\n");
        table(md, rows, repair);
        md.append("\nPooled: per model, K and shards, the mean over its seeds of each column above (parents: the mean "
                + "of the seeds' parent means and of their best parents).\n\n");
        table(md, pooled(rows), repair);
        md.append("\n![fusion](fusion.png)\n");
        Files.createDirectories(s.outputDir());
        Files.writeString(s.outputDir().resolve("fusion.md"), md.toString());
        FusionPlot.write(s.outputDir().resolve(FusionBench.MAIN_CSV),
                repair ? s.outputDir().resolve(FusionBench.NO_REPAIR_CSV) : null, String.format(Locale.ROOT,
                        "%s; models at width %s, each trained on its own shard from its own initialisation (epochs: %s), "
                                + "fused into the first without fine-tuning. Activation alignment on %d training examples%s; "
                                + "label skew: Dirichlet(%s). Parents: the mean of the K parents. %s",
                        Names.data(s.data().id()), Names.width(s.width()), epochs, s.activationSamples(),
                        repair ? ", REPAIR on " + s.repairSamples() : "", s.alpha(), seedsNote(results)), s.outputDir().resolve("fusion.png"));
    }

    /** How the plot pools the seeds, for its caption. */
    private static String seedsNote(List<FusionBench.Result> results) {
        List<Long> seeds = results.stream().map(FusionBench.Result::seed).distinct().sorted().toList();
        return seeds.size() == 1 ? "Seed " + seeds.get(0) + "."
                : "Each bar the mean over the seeds " + String.join(", ", seeds.stream().map(String::valueOf).toList()) + ".";
    }

    private static void table(StringBuilder md, List<Row> rows, boolean repair) {
        if (repair) {
            md.append("| model | seed | K | shards | parents (mean) | best parent | vanilla + REPAIR | OT weight + REPAIR "
                    + "| OT activation + REPAIR | OT weight, mean + REPAIR | OT activation, mean + REPAIR "
                    + "| OT weight + LS refit | OT activation + LS refit "
                    + "| vanilla | OT weight | OT activation | OT weight, mean | OT activation, mean |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        } else {
            md.append("| model | seed | K | shards | parents (mean) | best parent | vanilla | OT weight | OT activation "
                    + "| OT weight, mean | OT activation, mean |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        }
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |",
                    r.model(), r.seed(), r.k(), r.shards(), 100 * r.parentsMean(), 100 * r.parentsBest(), 100 * r.vanilla(),
                    100 * r.weight(), 100 * r.activation(), 100 * r.weightMean(), 100 * r.activationMean()));
            if (repair) {
                md.append(String.format(Locale.ROOT, " %.2f | %.2f |", 100 * r.weightLs(), 100 * r.activationLs()));
                md.append(String.format(Locale.ROOT, " %.2f | %.2f | %.2f | %.2f | %.2f |", 100 * r.plainVanilla(),
                        100 * r.plainWeight(), 100 * r.plainActivation(), 100 * r.plainWeightMean(), 100 * r.plainActivationMean()));
            }
            md.append('\n');
        }
    }

    /** Per model, K and shards, each column's mean over the seeds' rows; seed reads "mean of N". */
    private static List<Row> pooled(List<Row> rows) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.add(r.model() + "|" + r.k() + "|" + r.shards()));
        List<Row> pooled = new ArrayList<>();
        for (String key : keys) {
            List<Row> mine = rows.stream().filter(r -> (r.model() + "|" + r.k() + "|" + r.shards()).equals(key)).toList();
            Row f = mine.get(0);
            pooled.add(new Row(f.model(), "mean of " + mine.size(), f.k(), f.shards(), mean(mine, Row::parentsMean),
                    mean(mine, Row::parentsBest), mean(mine, Row::vanilla), mean(mine, Row::weight), mean(mine, Row::activation),
                    mean(mine, Row::weightMean), mean(mine, Row::activationMean), mean(mine, Row::weightLs),
                    mean(mine, Row::activationLs), mean(mine, Row::plainVanilla),
                    mean(mine, Row::plainWeight), mean(mine, Row::plainActivation), mean(mine, Row::plainWeightMean),
                    mean(mine, Row::plainActivationMean)));
        }
        return pooled;
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> column) {
        return rows.stream().mapToDouble(column).average().orElse(Double.NaN);
    }

    private static List<Row> rows(List<FusionBench.Result> results, boolean repair) {
        Set<String> keys = new LinkedHashSet<>();
        // grouped by model, K and shards (in the order first met), seeds in ascending order within each
        Set<String> cells = new LinkedHashSet<>();
        results.forEach(r -> cells.add(r.model() + "|" + r.k() + "|" + r.shards()));
        for (String cell : cells) {
            String[] c = cell.split("\\|");
            results.stream().filter(r -> (r.model() + "|" + r.k() + "|" + r.shards()).equals(cell))
                    .map(FusionBench.Result::seed).distinct().sorted()
                    .forEach(seed -> keys.add(c[0] + "|" + seed + "|" + c[1] + "|" + c[2]));
        }
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            String[] p = key.split("\\|");
            List<FusionBench.Result> mine = results.stream()
                    .filter(r -> (r.model() + "|" + r.seed() + "|" + r.k() + "|" + r.shards()).equals(key)).toList();
            double[] parents = mine.stream().filter(r -> r.method().startsWith("parent-"))
                    .mapToDouble(FusionBench.Result::accuracy).toArray();
            rows.add(new Row(p[0], p[1], Integer.parseInt(p[2]), p[3], java.util.Arrays.stream(parents).average().orElse(Double.NaN),
                    java.util.Arrays.stream(parents).max().orElse(Double.NaN), accuracy(mine, "vanilla", repair),
                    accuracy(mine, "ot-weight", repair), accuracy(mine, "ot-activation", repair),
                    accuracy(mine, "ot-weight-mean", repair), accuracy(mine, "ot-activation-mean", repair),
                    accuracy(mine, "ot-weight-ls", true), accuracy(mine, "ot-activation-ls", true),
                    accuracy(mine, "vanilla", false), accuracy(mine, "ot-weight", false), accuracy(mine, "ot-activation", false),
                    accuracy(mine, "ot-weight-mean", false), accuracy(mine, "ot-activation-mean", false)));
        }
        return rows;
    }

    private static double accuracy(List<FusionBench.Result> rows, String method, boolean repaired) {
        return rows.stream().filter(r -> r.method().equals(method) && r.repaired() == repaired)
                .mapToDouble(FusionBench.Result::accuracy)
                .findFirst().orElse(Double.NaN);
    }
}
