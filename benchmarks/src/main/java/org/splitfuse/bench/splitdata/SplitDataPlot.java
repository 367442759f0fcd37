package org.splitfuse.bench.splitdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.data.category.DefaultCategoryDataset;
import org.splitfuse.spark.charts.Axes;
import org.splitfuse.spark.charts.CsvTable;
import org.splitfuse.spark.charts.Figure;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.charts.Panels;

/**
 * split-data.png from split-data.csv (and, when given, split-data-stages.csv for the time by stage
 * and split-data-repeat.csv for a second run of some plans): final accuracy, time to the final
 * model stacked by stage, bytes moved (on the emulated network: on the wire) on a log axis.
 */
public final class SplitDataPlot {

    private SplitDataPlot() {
    }

    /** The plot of the CSVs in {@code dir} (split-data.csv and, where present, the other two). */
    public static Path write(Path dir, String caption) throws IOException {
        Path stages = dir.resolve(SplitDataBench.STAGES_CSV);
        Path repeat = dir.resolve("split-data-repeat.csv");
        return write(dir.resolve(SplitDataBench.CSV), Files.isRegularFile(stages) ? stages : null,
                Files.isRegularFile(repeat) ? repeat : null, caption, dir.resolve("split-data.png"));
    }

    public static Path write(Path resultsCsv, Path stagesCsv, Path repeatCsv, String caption, Path png) throws IOException {
        return write(resultsCsv, stagesCsv, repeatCsv, caption, png, null);
    }

    /**
     * The plot of one case (network, K, width) of CSVs that hold several: {@code inCase} names it as
     * "network|k|width" (null: the case of the file's last row).
     */
    public static Path write(Path resultsCsv, Path stagesCsv, Path repeatCsv, String caption, Path png, String inCase)
            throws IOException {
        CsvTable all = CsvTable.read(resultsCsv).require("method", "accuracy", "total_s", "bytes_moved");
        String shown = inCase != null || !all.has("network") || all.rows().isEmpty() ? inCase
                : caseOf(all.rows().get(all.rows().size() - 1));
        CsvTable results = shown == null ? all : all.where(r -> caseOf(r).equals(shown));
        CsvTable stages = stagesCsv == null ? null : CsvTable.read(stagesCsv).require("method", "stage", "seconds");
        if (stages != null && shown != null && stages.has("network")) {
            stages = stages.where(r -> caseOf(r).equals(shown));
        }
        CsvTable repeat = repeatCsv == null ? null : CsvTable.read(repeatCsv).require("method", "accuracy", "total_s");
        List<String> methods = results.rows().stream().map(r -> r.get("method")).distinct().toList();
        String note = ratioNote(results);
        Figure figure = new Figure("Split-Data training against whole-data and synchronous data-parallel training",
                (caption == null || caption.isBlank() ? "" : caption + " ") + note).panelSize(560, 470);
        figure.add(accuracy(results, repeat, methods));
        figure.add(time(results, stages, repeat, methods));
        figure.add(bytes(results, methods));
        return figure.write(png);
    }

    /** "network|k|width" of a row of split-data.csv or split-data-stages.csv. */
    static String caseOf(CsvTable.Row r) {
        return r.get("network") + "|" + r.get("k") + "|" + r.get("width");
    }

    private static String label(String method) {
        return Names.method(method);
    }

    private static JFreeChart accuracy(CsvTable results, CsvTable repeat, List<String> methods) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Double> all = new ArrayList<>();
        String first = repeat == null ? "final accuracy" : "run 1";
        for (String m : methods) {
            double a = 100 * row(results, m).get().num("accuracy");
            all.add(a);
            data.addValue(a, first, label(m));
            if (repeat != null) {
                Optional<CsvTable.Row> again = row(repeat, m);
                data.addValue(again.map(r -> 100 * r.num("accuracy")).orElse(null), "run 2 (repeat)", label(m));
                again.ifPresent(r -> all.add(100 * r.num("accuracy")));
            }
        }
        return Panels.bars("Final test accuracy", null,
                Axes.accuracy("test accuracy (%)", all.stream().mapToDouble(Double::doubleValue).toArray()), data,
                new DecimalFormat("0.00"));
    }

    private static JFreeChart time(CsvTable results, CsvTable stages, CsvTable repeat, List<String> methods) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        if (stages == null) {
            for (String m : methods) {
                data.addValue(row(results, m).get().num("total_s"), "time to the final model", label(m));
            }
            return Panels.bars("Time to the final model", null, Axes.seconds("time (s)"), data, new DecimalFormat("0"));
        }
        Set<String> names = new LinkedHashSet<>();
        stages.rows().forEach(r -> names.add(r.get("stage")));
        for (String stage : names) {
            for (String m : methods) {
                double s = stages.rows(r -> r.get("method").equals(m) && r.get("stage").equals(stage)).stream()
                        .mapToDouble(r -> r.num("seconds")).sum();
                data.addValue(s, stage, label(m));
            }
        }
        JFreeChart chart = Panels.stacked("Time to the final model, by stage", null, Axes.seconds("time (s)"), data);
        return chart;
    }

    /**
     * The bytes the panel and the caption compare: on the emulated network those its interfaces counted
     * (gradient sharing's UDP is outside Spark's listener), else the listener's.
     */
    static String byteColumn(CsvTable results) {
        boolean wire = results.has("wire_bytes") && !results.rows().isEmpty()
                && results.rows().stream().allMatch(r -> r.num("wire_bytes") > 0);
        return wire ? "wire_bytes" : "bytes_moved";
    }

    private static JFreeChart bytes(CsvTable results, List<String> methods) {
        String column = byteColumn(results);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double[] all = methods.stream().mapToDouble(m -> row(results, m).get().num(column)).toArray();
        for (int i = 0; i < methods.size(); i++) {
            data.addValue(all[i], "bytes", label(methods.get(i)));
        }
        boolean wire = column.equals("wire_bytes");
        LogAxis axis = Axes.bytes(wire ? "bytes on the wire, all nodes (log scale)"
                : "bytes moved between driver and executors (log scale)", all);
        return Panels.bars(wire ? "Bytes on the wire" : "Bytes moved", null, axis, data, new Axes.ByteFormat());
    }

    /** "PaF moves 1/367 of sync-DP's bytes": the figure a log axis makes easy to misread. */
    private static String ratioNote(CsvTable results) {
        Optional<CsvTable.Row> sync = row(results, "sync-dp");
        if (sync.isEmpty()) {
            return "";
        }
        String column = byteColumn(results);
        List<String> parts = new ArrayList<>();
        for (CsvTable.Row r : results.rows()) {
            String m = r.get("method");
            if (!m.equals("sync-dp") && r.num(column) > 0) {
                double fewer = sync.get().num(column) / r.num(column);
                // a method that moves more than sync-DP (sync-dp-f1) reads as a multiple, not as 1/0
                parts.add(fewer >= 1 ? String.format(Locale.ROOT, "%s 1/%.0f", Names.shortMethod(m), fewer)
                        : String.format(Locale.ROOT, "%s %.1fx", Names.shortMethod(m), 1 / fewer));
            }
        }
        return (column.equals("wire_bytes") ? "Bytes on the wire" : "Bytes moved") + " against sync-DP's: "
                + String.join(", ", parts) + ".";
    }

    private static Optional<CsvTable.Row> row(CsvTable t, String method) {
        return t.rows().stream().filter(r -> r.get("method").equals(method)).findFirst();
    }
}
