package org.splitfuse.spark.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.text.NumberFormat;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The chart kinds the project draws, styled alike: grouped bars, stacked bars, lines with error bars. */
public final class Panels {

    private Panels() {
    }

    /**
     * Grouped bars: one group per column key, one bar per row key (the legend). {@code labels}:
     * each bar's value written above it in that format, or null for none. On a log axis the bars
     * start at its lower end.
     */
    public static JFreeChart bars(String title, String categoryLabel, ValueAxis valueAxis, CategoryDataset data,
                                  NumberFormat labels) {
        BarRenderer renderer = new BarRenderer();
        style(renderer, labels);
        if (valueAxis instanceof LogAxis log) {
            renderer.setBase(Axes.base(log));
        }
        renderer.setIncludeBaseInRange(false);
        return chart(title, categoryLabel, valueAxis, data, renderer);
    }

    /** Bars at a mean with an error bar of one standard deviation. */
    public static JFreeChart barsWithErrors(String title, String categoryLabel, ValueAxis valueAxis,
                                            DefaultStatisticalCategoryDataset data, NumberFormat labels) {
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        style(renderer, labels);
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setIncludeBaseInRange(false);
        return chart(title, categoryLabel, valueAxis, data, renderer);
    }

    /** Stacked bars: one bar per column key, one segment per row key (the legend). */
    public static JFreeChart stacked(String title, String categoryLabel, ValueAxis valueAxis, CategoryDataset data) {
        StackedBarRenderer renderer = new StackedBarRenderer();
        style(renderer, null);
        return chart(title, categoryLabel, valueAxis, data, renderer);
    }

    /** Lines through points, each point with a vertical error bar (its interval in the data). */
    public static JFreeChart linesWithErrors(String title, String xLabel, ValueAxis yAxis, YIntervalSeriesCollection data) {
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorPaint(Color.BLACK);
        renderer.setCapLength(6);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Style.color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYPlot plot = new XYPlot(data, x, yAxis, renderer);
        return Style.apply(new JFreeChart(title, Style.TITLE, plot, true));
    }

    /** Category labels turned 45 degrees: for many or long categories. */
    public static JFreeChart slantedCategories(JFreeChart chart) {
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return chart;
    }

    /** Slanted category labels once there are more categories than fit side by side. */
    public static JFreeChart slantedIf(JFreeChart chart, int categories) {
        return categories > 5 ? slantedCategories(chart) : chart;
    }

    private static void style(BarRenderer renderer, NumberFormat labels) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.04);
        for (int i = 0; i < 16; i++) {
            renderer.setSeriesPaint(i, Style.color(i));
        }
        if (labels != null) {
            renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", labels));
            renderer.setDefaultItemLabelsVisible(true);
            renderer.setDefaultItemLabelFont(Style.ANNOTATION);
            renderer.setDefaultPositiveItemLabelPosition(
                    new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        }
    }

    private static JFreeChart chart(String title, String categoryLabel, ValueAxis valueAxis, CategoryDataset data,
                                    BarRenderer renderer) {
        CategoryAxis categories = new CategoryAxis(categoryLabel);
        categories.setMaximumCategoryLabelLines(3);
        categories.setCategoryMargin(0.18);
        CategoryPlot plot = new CategoryPlot(data, categories, valueAxis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        return Style.apply(new JFreeChart(title, Style.TITLE, plot, data.getRowCount() > 1));
    }
}
