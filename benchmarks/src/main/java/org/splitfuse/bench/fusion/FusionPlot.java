package org.splitfuse.bench.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;
import org.splitfuse.spark.charts.Axes;
import org.splitfuse.spark.charts.CsvTable;
import org.splitfuse.spark.charts.Figure;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.charts.Panels;

/**
 * fusion.png from fusion.csv ({@code model,seed,k,shards,method,accuracy}; the seed column may be
 * absent): per model, the fused model's test accuracy by averaging method beside its parents' mean,
 * for each K and shard kind, each bar the mean over the file's seeds;
 * a second row of panels for fusion-no-repair.csv when given.
 */
public final class FusionPlot {

    private static final List<String> METHODS = List.of("parents", "vanilla", "ot-weight", "ot-activation", "ot-weight-mean",
            "ot-activation-mean", "ot-weight-ls", "ot-activation-ls");

    private FusionPlot() {
    }

    public static Path write(Path csv, Path noRepairCsv, String caption, Path png) throws IOException {
        CsvTable main = CsvTable.read(csv).require("model", "k", "shards", "method", "accuracy");
        CsvTable plain = noRepairCsv == null ? null : CsvTable.read(noRepairCsv).require("model", "k", "shards", "method",
                "accuracy");
        Set<String> models = new LinkedHashSet<>();
        main.rows().forEach(r -> models.add(r.get("model")));
        Figure figure = new Figure("OT fusion against vanilla averaging: the fused model's test accuracy, no fine-tuning",
                caption).panelSize(560, 430).columns(models.size());
        org.jfree.chart.JFreeChart first = null;
        for (String model : models) {
            JFreeChart chart = panel(main, model, plain == null ? "" : ", averages + REPAIR");
            first = first == null ? chart : first;
            figure.add(chart);
        }
        figure.sharedLegend(first.getPlot());
        if (plain != null) {
            for (String model : models) {
                figure.add(panel(plain, model, ", plain averages (no REPAIR)"));
            }
        }
        return figure.write(png);
    }

    private static JFreeChart panel(CsvTable csv, String model, String what) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Double> all = new ArrayList<>();
        Set<String> cells = new LinkedHashSet<>();
        csv.rows(r -> r.get("model").equals(model)).forEach(r -> cells.add(r.get("k") + "|" + r.get("shards")));
        for (String method : METHODS) {
            for (String cell : cells) {
                String[] kc = cell.split("\\|");
                List<CsvTable.Row> rows = csv.rows(r -> r.get("model").equals(model) && r.get("k").equals(kc[0])
                        && r.get("shards").equals(kc[1])
                        && (method.equals("parents") ? r.get("method").startsWith("parent-") : r.get("method").equals(method)));
                Double v = rows.isEmpty() ? null : 100 * rows.stream().mapToDouble(r -> r.num("accuracy")).average().orElseThrow();
                if (v != null) {
                    all.add(v);
                }
                data.addValue(v, Names.method(method), "K = " + kc[0] + ", " + (kc[1].equals("skew") ? "label skew" : kc[1]));
            }
        }
        return Panels.bars(Names.model(model) + what, null,
                Axes.accuracy("test accuracy (%)", all.stream().mapToDouble(Double::doubleValue).toArray()), data,
                new DecimalFormat("0"));
    }
}
