package org.splitfuse.bench.scaling;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.splitfuse.spark.charts.Figure;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.charts.Panels;

/**
 * split-data-scaling.png: PaF's projected speedup over the fastest sync-DP variant against the
 * link bandwidth (log axis), one line per K, one panel per model; a dashed line at 1 (break-even).
 */
final class ScalingPlot {

    private ScalingPlot() {
    }

    static Path write(Projection p, String caption, Path png) throws IOException {
        Map<String, List<Projection.Cell>> byModel = new LinkedHashMap<>();
        p.cells().forEach(c -> byModel.computeIfAbsent(c.model().id(), m -> new java.util.ArrayList<>()).add(c));
        Figure figure = new Figure("Projected speedup of Prune-and-Fuse over the fastest synchronous data-parallel variant",
                caption).columns(Math.min(4, byModel.size())).panelSize(520, 420);
        for (List<Projection.Cell> cells : byModel.values()) {
            figure.add(panel(cells));
        }
        return figure.write(png);
    }

    private static JFreeChart panel(List<Projection.Cell> cells) {
        Map<Integer, YIntervalSeries> lines = new LinkedHashMap<>();
        for (Projection.Cell c : cells) {
            double y = c.pafOverBestSync();
            if (Double.isFinite(y)) {
                lines.computeIfAbsent(c.k(), k -> new YIntervalSeries("K = " + k)).add(c.gbit(), y, y, y);
            }
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        lines.values().forEach(data::addSeries);
        ScalingSettings.ProjectedModel m = cells.get(0).model();
        NumberAxis y = new NumberAxis("PaF speedup over best sync-DP (x)");
        y.setAutoRangeIncludesZero(true);
        JFreeChart chart = Panels.linesWithErrors(String.format(Locale.ROOT, "%s, width %s", Names.model(m.family().id()),
                Names.width(m.width())), "link bandwidth (Gbit/s, log scale)", y, data);
        LogAxis x = new LogAxis("link bandwidth (Gbit/s, log scale)");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1));
        x.setMinorTickCount(9);
        x.setMinorTickMarksVisible(true);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        double lo = cells.stream().mapToDouble(Projection.Cell::gbit).min().orElse(1);
        double hi = cells.stream().mapToDouble(Projection.Cell::gbit).max().orElse(100);
        x.setRange(lo / 1.3, hi * 1.3);
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
