package org.splitfuse.spark.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.splitfuse.core.InputError;

/**
 * The training-speed benchmark's plot, from train-bench.csv ({@code model,width,engine,phase,
 * examples_per_s,rss_mb}; engine java | pytorch, phase train | infer): per phase, grouped bars
 * of examples per second per model, splitfuse against PyTorch with their ratio written above;
 * resident memory beside them when the CSV has it.
 */
public final class TrainBenchPlot {

    private TrainBenchPlot() {
    }

    public static Path write(Path csv, Path png, String caption) throws IOException {
        return figure(CsvTable.read(csv), caption).write(png);
    }

    static Figure figure(CsvTable csv, String caption) {
        csv.require("model", "width", "engine", "phase", "examples_per_s");
        Set<String> phases = new LinkedHashSet<>();
        csv.rows().forEach(r -> phases.add(r.get("phase")));
        if (phases.isEmpty()) {
            throw new InputError(csv.file() + ": no rows to plot");
        }
        Figure figure = new Figure("Examples per second: splitfuse against PyTorch", caption).panelSize(560, 460);
        for (String phase : phases) {
            figure.add(throughput(csv, phase));
        }
        if (csv.has("rss_mb")) {
            figure.add(memory(csv));
        }
        return figure;
    }

    private static String model(CsvTable.Row r) {
        return Names.model(r.get("model")) + " (width " + Names.width(r.num("width")) + ")";
    }

    private static JFreeChart throughput(CsvTable csv, String phase) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<CsvTable.Row> rows = csv.rows(r -> r.get("phase").equals(phase));
        double max = 0;
        for (CsvTable.Row r : rows) {
            data.addValue(r.num("examples_per_s"), Names.method(r.get("engine")), model(r));
            max = Math.max(max, r.num("examples_per_s"));
        }
        String title = phase.equals("infer") ? "Inference" : phase.equals("train") ? "Training" : phase;
        // the ratio over each group is short, so that four groups' labels do not run together
        JFreeChart chart = Panels.bars(title + " (over each group: splitfuse / PyTorch)",
                null, Axes.fromZero("examples per second"), data, new DecimalFormat("#,##0"));
        chart.getCategoryPlot().getRangeAxis().setUpperBound(max * 1.3);
        String ours = Names.method("splitfuse");
        String theirs = Names.method("pytorch");
        for (Object key : data.getColumnKeys()) {
            String model = (String) key;
            Number a = value(data, ours, model);
            Number b = value(data, theirs, model);
            if (a != null && b != null && b.doubleValue() > 0) {
                CategoryTextAnnotation ratio = new CategoryTextAnnotation(String.format(Locale.ROOT,
                        "%.2fx", a.doubleValue() / b.doubleValue()), model, max * 1.18);
                ratio.setFont(Style.LABEL);
                ratio.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                chart.getCategoryPlot().addAnnotation(ratio);
            }
        }
        return chart;
    }

    private static JFreeChart memory(CsvTable csv) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // the same groups as the throughput panels (one per model), one bar per engine and phase: a group
        // per model and phase made eight groups too narrow for their labels ("ResNet1 8")
        for (CsvTable.Row r : csv.rows()) {
            if (Double.isFinite(r.num("rss_mb"))) {
                data.addValue(r.num("rss_mb"), Names.method(r.get("engine")) + ", " + r.get("phase"), model(r));
            }
        }
        return Panels.bars("Resident memory", null, Axes.fromZero("resident set size (MB)"), data,
                new DecimalFormat("#,##0"));
    }

    private static Number value(DefaultCategoryDataset data, String row, String column) {
        return data.getRowIndex(row) < 0 ? null : data.getValue(row, column);
    }
}
