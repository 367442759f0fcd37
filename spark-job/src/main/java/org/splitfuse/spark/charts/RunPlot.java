package org.splitfuse.spark.charts;

import java.text.DecimalFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The plot of one run's stages (report.png beside report.json): each stage's time, the test
 * accuracy of its models (the mean, with the spread of K models), and the bytes it moved between
 * driver and executors on a log axis.
 */
public final class RunPlot {

    /**
     * One stage as the plot needs it.
     *
     * @param accuracies test accuracy of each of the stage's models, in percent
     */
    public record Stage(String name, double seconds, long bytesMoved, double[] accuracies) {
    }

    private RunPlot() {
    }

    public static byte[] png(String title, String caption, List<Stage> stages) {
        return figure(title, caption, stages).toPng();
    }

    static Figure figure(String title, String caption, List<Stage> stages) {
        return new Figure(title, caption).panelSize(480, 420)
                .add(time(stages)).add(accuracy(stages)).add(bytes(stages));
    }

    private static String category(Stage s) {
        return s.accuracies().length > 1 ? s.name() + "\n(" + s.accuracies().length + " models)" : s.name();
    }

    private static JFreeChart time(List<Stage> stages) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        stages.forEach(s -> data.addValue(s.seconds(), "time", category(s)));
        return Panels.slantedIf(Panels.bars("Time per stage", null, Axes.seconds("wall time (s)"), data,
                new DecimalFormat("0.0")), stages.size());
    }

    private static JFreeChart accuracy(List<Stage> stages) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        double[] all = stages.stream().flatMapToDouble(s -> Arrays.stream(s.accuracies())).toArray();
        for (Stage s : stages) {
            data.add(SweepPlots.mean(s.accuracies()), SweepPlots.std(s.accuracies()), "accuracy", category(s));
        }
        String label = stages.stream().anyMatch(s -> s.accuracies().length > 1)
                ? "test accuracy (%), mean of the stage's models" : "test accuracy (%)";
        return Panels.slantedIf(Panels.barsWithErrors("Test accuracy after each stage", null,
                Axes.accuracy(label, all), data, new DecimalFormat("0.00")), stages.size());
    }

    private static JFreeChart bytes(List<Stage> stages) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double[] moved = stages.stream().mapToDouble(Stage::bytesMoved).toArray();
        LogAxis axis = Axes.bytes("bytes moved (log scale)", moved);
        for (Stage s : stages) {
            data.addValue(s.bytesMoved() > 0 ? s.bytesMoved() : null, "bytes", category(s));
        }
        JFreeChart chart = Panels.bars("Bytes moved between driver and executors", null, axis, data,
                new Axes.ByteFormat());
        for (Stage s : stages) {
            if (s.bytesMoved() == 0) {
                // a log axis has no 0: say so where the bar would stand
                CategoryTextAnnotation none = new CategoryTextAnnotation("none", category(s), axis.getLowerBound() * 1.3);
                none.setFont(Style.ANNOTATION);
                none.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                chart.getCategoryPlot().addAnnotation(none);
            }
        }
        return Panels.slantedIf(chart, stages.size());
    }

    /** "VGG11-BN (width 1/4) on Fashion-MNIST, K = 2 shards (iid)": the caption's start. */
    public static String describe(String model, double width, String data, int shards, String split) {
        return String.format(Locale.ROOT, "%s (width %s) on %s, K = %d shards (%s)", Names.model(model), Names.width(width),
                Names.data(data), shards, split);
    }
}
