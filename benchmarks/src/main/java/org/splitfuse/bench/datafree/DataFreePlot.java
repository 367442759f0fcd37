package org.splitfuse.bench.datafree;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.splitfuse.core.InputError;
import org.splitfuse.spark.charts.Axes;
import org.splitfuse.spark.charts.CsvTable;
import org.splitfuse.spark.charts.Figure;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.charts.Panels;

/**
 * data-free-MODEL.png from data-free.csv ({@code model,seed,group,sparsity,method,accuracy,logit_l2};
 * a file without the seed column is one checkpoint): one panel per channel group (and one for all
 * groups together), test accuracy against sparsity for each method, pooled over the model's
 * checkpoints (the line the mean, the bar from the lowest to the highest checkpoint), the unpruned
 * accuracy (from data-free-base.csv when given, the mean over checkpoints) as a dashed line.
 */
public final class DataFreePlot {

    private DataFreePlot() {
    }

    public static Path write(Path csv, Path baseCsv, String model, String caption, Path png) throws IOException {
        CsvTable cells = CsvTable.read(csv).require("model", "group", "sparsity", "method", "accuracy");
        List<CsvTable.Row> mine = cells.rows(r -> r.get("model").equals(model) && !r.get("method").equals("original"));
        if (mine.isEmpty()) {
            throw new InputError(csv + ": no rows for model '" + model + "'");
        }
        Optional<Double> unpruned = Optional.empty();
        if (baseCsv != null) {
            java.util.OptionalDouble mean = CsvTable.read(baseCsv).require("model", "accuracy")
                    .rows(r -> r.get("model").equals(model)).stream().mapToDouble(r -> 100 * r.num("accuracy")).average();
            unpruned = mean.isPresent() ? Optional.of(mean.getAsDouble()) : Optional.empty();
        }
        Set<String> groups = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        mine.forEach(r -> {
            groups.add(r.get("group"));
            methods.add(r.get("method"));
        });
        Figure figure = new Figure(Names.model(model) + ": test accuracy after pruning one channel group, no data and no "
                + "fine-tuning", caption + " Groups are numbered from the network's output; the last panel prunes every "
                + "group at once." + unpruned.map(u -> String.format(java.util.Locale.ROOT,
                " Dashed line: the unpruned model, on the whole test set (%.2f%%%s).", u,
                seeds(cells, model) > 1 ? ", the mean over checkpoints" : "")).orElse(""))
                .panelSize(420, 330).columns(groups.size() > 9 ? 4 : 3);
        JFreeChart first = null;
        for (String group : groups) {
            JFreeChart chart = panel(mine, group, methods, unpruned);
            figure.add(chart);
            first = first == null ? chart : first;
        }
        return figure.sharedLegend(first.getPlot()).write(png);
    }

    /** How many checkpoints (seeds) of the model the CSV holds; 1 for a file without the seed column. */
    private static long seeds(CsvTable cells, String model) {
        return cells.has("seed") ? cells.rows(r -> r.get("model").equals(model)).stream().map(r -> r.get("seed")).distinct()
                .count() : 1;
    }

    private static JFreeChart panel(List<CsvTable.Row> rows, String group, Set<String> methods, Optional<Double> unpruned) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Double> all = new ArrayList<>();
        for (String method : methods) {
            YIntervalSeries s = new YIntervalSeries(Names.method(method));
            // one point per sparsity: the checkpoints' mean, the interval their lowest to highest
            java.util.Map<Double, java.util.DoubleSummaryStatistics> bySparsity = new java.util.TreeMap<>();
            for (CsvTable.Row r : rows) {
                if (r.get("group").equals(group) && r.get("method").equals(method)) {
                    double a = 100 * r.num("accuracy");
                    bySparsity.computeIfAbsent(100 * r.num("sparsity"), k -> new java.util.DoubleSummaryStatistics()).accept(a);
                    all.add(a);
                }
            }
            bySparsity.forEach((x, a) -> s.add(x, a.getAverage(), a.getMin(), a.getMax()));
            data.addSeries(s);
        }
        unpruned.ifPresent(all::add);
        JFreeChart chart = Panels.linesWithErrors(group.equals("all") ? "all groups" : "group " + group,
                "sparsity (% of the group's channels removed)",
                Axes.accuracy("test accuracy (%)", all.stream().mapToDouble(Double::doubleValue).toArray()), data);
        NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(10));
        unpruned.ifPresent(u -> {
            ValueMarker line = new ValueMarker(u, Color.GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            chart.getXYPlot().addRangeMarker(line);
        });
        return chart;
    }
}
