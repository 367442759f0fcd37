package org.splitfuse.bench.scaling;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.splitfuse.core.InputError;
import org.splitfuse.spark.charts.CsvTable;
import org.splitfuse.spark.charts.Figure;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.charts.Panels;

/**
 * split-data-scaling.png from split-data-scaling.csv: PaF's projected speedup over the fastest
 * sync-DP variant against the link bandwidth (log axis), one line per K, one panel per model; a
 * dashed line at 1 (break-even). {@code bin/splitfuse plot split-data-scaling} redraws it.
 */
public final class ScalingPlot {

    private static final String LABEL = "link bandwidth (Gbit/s, log scale)";

    private ScalingPlot() {
    }

    public static Path write(Path csv, String caption, Path png) throws IOException {
        CsvTable table = CsvTable.read(csv).require("model", "width", "k", "gbit", "paf_over_best_sync");
        Map<String, List<CsvTable.Row>> byModel = new LinkedHashMap<>();
        table.rows().forEach(r -> byModel.computeIfAbsent(r.get("model") + "@" + r.get("width"), m -> new ArrayList<>()).add(r));
        if (byModel.isEmpty()) {
            throw new InputError(csv + ": no projection rows to plot");
        }
        Figure figure = new Figure("Projected speedup of Prune-and-Fuse over the fastest synchronous data-parallel variant",
                caption == null ? "" : caption).columns(Math.min(4, byModel.size())).panelSize(520, 420);
        for (List<CsvTable.Row> rows : byModel.values()) {
            figure.add(panel(rows));
        }
        return figure.write(png);
    }

    private static JFreeChart panel(List<CsvTable.Row> rows) {
        Map<Integer, YIntervalSeries> lines = new LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (CsvTable.Row r : rows) {
            double y = r.num("paf_over_best_sync");
            double x = r.num("gbit");
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            if (Double.isFinite(y)) {
                int k = (int) r.num("k");
                lines.computeIfAbsent(k, key -> new YIntervalSeries("K = " + key)).add(x, y, y, y);
            }
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        lines.values().forEach(data::addSeries);
        NumberAxis y = new NumberAxis("PaF speedup over the best sync-DP (x)");
        y.setAutoRangeIncludesZero(true);
        CsvTable.Row first = rows.get(0);
        JFreeChart chart = Panels.linesWithErrors(Names.model(first.get("model")) + ", width "
                + Names.width(first.num("width")), LABEL, y, data);
        LogAxis x = new LogAxis(LABEL);
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1));
        x.setMinorTickCount(9);
        x.setMinorTickMarksVisible(true);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.#"));
        x.setRange(lo / 1.3, Math.max(hi, lo * 10) * 1.3);
        x.setLabelFont(chart.getXYPlot().getDomainAxis().getLabelFont());
        x.setTickLabelFont(chart.getXYPlot().getDomainAxis().getTickLabelFont());
        chart.getXYPlot().setDomainAxis(x);
        ValueMarker even = new ValueMarker(1.0, Color.GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        even.setLabel("break-even");
        chart.getXYPlot().addRangeMarker(even);
        return chart;
    }
}
