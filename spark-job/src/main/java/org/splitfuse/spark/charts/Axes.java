package org.splitfuse.spark.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/** Value axes with units: accuracy zoomed to the data, bytes on a log axis with readable ticks, seconds. */
public final class Axes {

    private Axes() {
    }

    /**
     * Accuracy in percent, zoomed to the data with a margin (87.35% and 88.41% must look different),
     * never beyond 0..100; NaN values are ignored.
     */
    public static NumberAxis accuracy(String label, double... percents) {
        double[] v = Arrays.stream(percents).filter(Double::isFinite).toArray();
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        if (v.length > 0) {
            double lo = Arrays.stream(v).min().getAsDouble();
            double hi = Arrays.stream(v).max().getAsDouble();
            double margin = Math.max(0.5, 0.15 * (hi - lo));
            axis.setRange(Math.max(0, lo - margin), Math.min(100, hi + margin * 1.6));
        }
        axis.setNumberFormatOverride(new DecimalFormat("0.#"));
        return axis;
    }

    /** Seconds from 0 (a duration's bar is its length). */
    public static NumberAxis seconds(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        axis.setUpperMargin(0.12);
        return axis;
    }

    /** A quantity from 0 (throughput, memory): a bar's height is its value. */
    public static NumberAxis fromZero(String label) {
        return seconds(label);
    }

    /** Bytes on a log axis, one tick per power of ten labelled 1 kB, 10 MB, 1 GB (decimal units, as reports use). */
    public static LogAxis bytes(String label, double... values) {
        LogAxis axis = new BytesAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new ByteFormat());
        double[] v = Arrays.stream(values).filter(x -> x > 0 && Double.isFinite(x)).toArray();
        if (v.length > 0) {
            double lo = Math.pow(10, Math.floor(Math.log10(Arrays.stream(v).min().getAsDouble())));
            // room above the tallest bar for its label, and at least one decade
            double hi = Arrays.stream(v).max().getAsDouble() * 2.2;
            axis.setRange(lo, Math.max(hi, lo * 10));
        }
        return axis;
    }

    /** The lower end of a log bytes axis: where its bars start. */
    public static double base(LogAxis axis) {
        return axis.getLowerBound();
    }

    /** "1 kB", "10 MB", "4.39 GB": bytes in decimal units with at most three significant digits. */
    public static String bytesText(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int u = 0;
        double v = bytes;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String number = v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return number + " " + units[u];
    }

    /**
     * A log axis whose ticks are 1, 2 and 5 times each power of ten while the range spans at most
     * three decades (else the powers of ten alone): a narrow range still gets several labels.
     */
    static final class BytesAxis extends LogAxis {
        BytesAxis(String label) {
            super(label);
        }

        @Override
        protected List<Tick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            g2.setFont(getTickLabelFont());
            TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
            double lo = getLowerBound();
            double hi = getUpperBound();
            int first = (int) Math.floor(Math.log10(lo));
            int last = (int) Math.ceil(Math.log10(hi));
            double[] steps = last - first <= 3 ? new double[] {1, 2, 5} : new double[] {1};
            List<Tick> ticks = new ArrayList<>();
            for (int d = first; d <= last; d++) {
                for (double m : steps) {
                    double v = m * Math.pow(10, d);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                        ticks.add(new NumberTick(TickType.MAJOR, v, bytesText(v), anchor, TextAnchor.CENTER, 0.0));
                    }
                }
            }
            return ticks;
        }
    }

    /** Tick labels of a bytes axis. */
    public static final class ByteFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            return to.append(bytesText(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return to.append(bytesText(number));
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    }
}
