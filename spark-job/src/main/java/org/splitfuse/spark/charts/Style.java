package org.splitfuse.spark.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;

/** The look every chart shares: white plot, light grid, readable fonts, a colour-blind-safe palette. */
public final class Style {

    /** Okabe and Ito's palette, which stays distinguishable under the common colour-vision deficiencies. */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x555555), new Color(0xF0E442)};
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font ANNOTATION = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color GRID = new Color(0xDDDDDD);

    private Style() {
    }

    public static Paint color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    public static JFreeChart apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 10));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(TITLE);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(TICK);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        if (plot instanceof CategoryPlot p) {
            p.setRangeGridlinePaint(GRID);
            p.setRangeGridlineStroke(new BasicStroke(1f));
            for (int i = 0; i < p.getRangeAxisCount(); i++) {
                axis(p.getRangeAxis(i));
            }
            axis(p.getDomainAxis());
        } else if (plot instanceof XYPlot p) {
            p.setRangeGridlinePaint(GRID);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlineStroke(new BasicStroke(1f));
            p.setDomainGridlineStroke(new BasicStroke(1f));
            axis(p.getRangeAxis());
            axis(p.getDomainAxis());
        }
        return chart;
    }

    private static void axis(Axis axis) {
        if (axis != null) {
            axis.setLabelFont(LABEL);
            axis.setTickLabelFont(TICK);
        }
    }
}
