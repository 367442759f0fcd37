package org.splitfuse.bench.splitdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.splitfuse.spark.charts.Axes;
import org.splitfuse.spark.charts.Figure;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.CurvePoint;
import org.splitfuse.spark.TimeToAccuracy;
import org.splitfuse.spark.charts.Panels;

/**
 * Time-to-accuracy: the accuracy of each run's current model against the plan's wall time (the
 * job's report.json "curve", evaluation not counted), kept in split-data-curves.csv, and the first
 * time a run had a final-size model (pruned, nothing left but fine-tuning) at a target accuracy.
 */
final class AccuracyCurves {

    static final String CSV = "split-data-curves.csv";
    static final String HEADER = "method,network,k,width,seconds,stage,round,accuracy,parameters,final_size";

    /** One point of a run's curve. */
    record Point(String method, String network, int k, double width, double seconds, String stage, int round,
                 double accuracy, long parameters, boolean finalSize) {

        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%d,%s,%.1f,%s,%d,%.4f,%d,%b", method, network, k,
                    SplitDataResult.width(width), seconds, stage, round, accuracy, parameters, finalSize);
        }

        String key() {
            return SplitDataResult.key(method, network, k, width);
        }

        static Point parse(String[] f) {
            return new Point(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5],
                    Integer.parseInt(f[6]), Double.parseDouble(f[7]), Long.parseLong(f[8]), Boolean.parseBoolean(f[9]));
        }
    }

    private AccuracyCurves() {
    }

    /** The points of a report's curve (none when the run did not record one: report.curve = false). */
    static List<Point> of(JsonNode report, String method, String network, int k, double width) {
        List<Point> points = new ArrayList<>();
        for (CurvePoint p : TimeToAccuracy.curve(report)) {
            points.add(new Point(method, network, k, width, p.seconds(), p.stage(), p.round(), p.accuracy(), p.parameters(),
                    p.finalSize()));
        }
        return points;
    }

    /** The first time one of {@code run}'s final-size models reached {@code target} (the job's rule); empty if none did. */
    static OptionalDouble timeTo(List<Point> run, double target) {
        return TimeToAccuracy.of(run.stream().map(p -> new CurvePoint(p.seconds(), p.stage(), p.round(), p.accuracy(),
                p.parameters(), p.finalSize())).toList(), target);
    }

    static List<Point> ofRun(List<Point> all, String key) {
        return all.stream().filter(p -> p.key().equals(key)).toList();
    }

    /** Accuracy against time, a line per run of the case; a run's final-size points are where it could stop. */
    static Path plot(List<Point> all, String shownCase, String caption, Path png) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Double> accuracies = new ArrayList<>();
        List<String> keys = all.stream().filter(p -> (p.network() + "|" + p.k() + "|" + SplitDataResult.width(p.width()))
                .equals(shownCase)).map(Point::key).distinct().toList();
        for (String key : keys) {
            List<Point> run = ofRun(all, key);
            YIntervalSeries series = new YIntervalSeries(Names.method(run.get(0).method()));
            for (Point p : run) {
                double a = 100 * p.accuracy();
                series.add(p.seconds(), a, a, a);
                accuracies.add(a);
            }
            data.addSeries(series);
        }
        Figure figure = new Figure("Time to accuracy: the current model's test accuracy against the plan's wall time",
                caption + " Evaluation time not counted; after the last pruning step every point is a final-size model.")
                .panelSize(900, 520);
        figure.add(Panels.linesWithErrors("Test accuracy of the current model", "wall time of the plan (s)",
                Axes.accuracy("test accuracy (%)", accuracies.stream().mapToDouble(Double::doubleValue).toArray()), data));
        return figure.write(png);
    }
}
