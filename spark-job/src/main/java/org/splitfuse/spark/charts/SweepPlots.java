package org.splitfuse.spark.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.splitfuse.core.InputError;

/**
 * The plots of a sweep, from its sweep.csv (columns {@code cell,status,<swept keys>,seed,accuracy,
 * params,flops,total_s,time_s_<stage>...,bytes_moved,error}; accuracy in percent), chosen by what
 * was swept: accuracy against the swept numeric key (sparsity first) with one line per
 * configuration of the other keys, mean and standard deviation over seeds (bars per configuration
 * when nothing numeric was swept); the time to the final model stacked by stage; bytes moved on a
 * log axis. Failed cells are left out.
 */
public final class SweepPlots {

    private static final String STAGE_PREFIX = "time_s_";

    private SweepPlots() {
    }

    /** Writes {@code outDir/<csv name>.png} (sweep.csv -> sweep.png) and returns its path. */
    public static Path write(Path sweepCsv, Path outDir, String caption) throws IOException {
        String name = sweepCsv.getFileName().toString().replaceFirst("\\.csv$", "");
        return figure(CsvTable.read(sweepCsv), caption).write(outDir.resolve(name + ".png"));
    }

    static Figure figure(CsvTable csv, String caption) {
        csv.require("status", "accuracy", "bytes_moved");
        List<String> header = csv.header();
        int from = header.indexOf("status") + 1;
        int to = header.contains("seed") ? header.indexOf("seed") : header.indexOf("accuracy");
        List<String> swept = to > from ? header.subList(from, to) : List.of();
        List<String> stages = header.stream().filter(h -> h.startsWith(STAGE_PREFIX)).toList();
        Map<List<String>, List<CsvTable.Row>> configs = new LinkedHashMap<>();
        int failed = 0;
        for (CsvTable.Row r : csv.rows()) {
            if (done(r)) {
                configs.computeIfAbsent(swept.stream().map(r::get).toList(), k -> new ArrayList<>()).add(r);
            } else {
                failed++;
            }
        }
        if (configs.isEmpty()) {
            throw new InputError(csv.file() + ": no finished cell to plot");
        }
        int seeds = configs.values().stream().mapToInt(List::size).max().orElse(1);
        String x = numericKey(swept, configs.keySet());
        String note = (seeds > 1 ? "Mean and standard deviation over " + seeds + " seeds per configuration. "
                : "One seed per configuration. ") + (failed > 0 ? failed + " failed cell(s) left out. " : "");
        Figure figure = new Figure("Sweep over " + (swept.isEmpty() ? "seeds" : swept.stream().map(Names::key)
                .map(k -> k.replaceFirst(" \\(.*", "")).collect(Collectors.joining(" x "))), caption + " " + note)
                .panelSize(620, 470);
        figure.add(x != null ? accuracyLines(swept, x, configs) : accuracyBars(swept, configs));
        figure.add(time(swept, stages, configs));
        figure.add(bytes(swept, configs));
        return figure;
    }

    private static boolean done(CsvTable.Row r) {
        String status = r.get("status").toLowerCase(Locale.ROOT);
        return Double.isFinite(r.num("accuracy")) && !status.startsWith("fail") && !status.startsWith("error");
    }

    /** The swept key to put on the x axis: prune.sparsity if swept, else the first key with several numeric values. */
    private static String numericKey(List<String> swept, Set<List<String>> configs) {
        List<String> order = new ArrayList<>(swept);
        if (order.remove("prune.sparsity")) {
            order.add(0, "prune.sparsity");
        }
        for (String key : order) {
            int i = swept.indexOf(key);
            Set<String> values = configs.stream().map(c -> c.get(i)).collect(Collectors.toSet());
            if (values.size() > 1 && values.stream().allMatch(SweepPlots::isNumber)) {
                return key;
            }
        }
        return null;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JFreeChart accuracyLines(List<String> swept, String x, Map<List<String>, List<CsvTable.Row>> configs) {
        int xi = swept.indexOf(x);
        double scale = x.equals("prune.sparsity") ? 100 : 1;
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        for (Map.Entry<List<String>, List<CsvTable.Row>> e : configs.entrySet()) {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < swept.size(); i++) {
                if (i != xi) {
                    others.add(Names.value(swept.get(i), e.getKey().get(i)));
                }
            }
            String label = others.isEmpty() ? "accuracy" : String.join(", ", others);
            double[] acc = e.getValue().stream().mapToDouble(r -> r.num("accuracy")).toArray();
            double mean = mean(acc);
            double sd = std(acc);
            all.add(mean - sd);
            all.add(mean + sd);
            series.computeIfAbsent(label, YIntervalSeries::new)
                    .add(scale * Double.parseDouble(e.getKey().get(xi)), mean, mean - sd, mean + sd);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = Panels.linesWithErrors("Final test accuracy", Names.key(x),
                Axes.accuracy("test accuracy (%)", all.stream().mapToDouble(Double::doubleValue).toArray()), data);
        // ticks at whole numbers of the swept unit (10% steps for sparsity), margins so that end points show
        org.jfree.chart.axis.NumberAxis xAxis = (org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getDomainAxis();
        xAxis.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        xAxis.setLowerMargin(0.06);
        xAxis.setUpperMargin(0.06);
        return chart;
    }

    private static JFreeChart accuracyBars(List<String> swept, Map<List<String>, List<CsvTable.Row>> configs) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        List<Double> all = new ArrayList<>();
        for (Map.Entry<List<String>, List<CsvTable.Row>> e : configs.entrySet()) {
            double[] acc = e.getValue().stream().mapToDouble(r -> r.num("accuracy")).toArray();
            all.add(mean(acc) - std(acc));
            all.add(mean(acc) + std(acc));
            data.add(mean(acc), std(acc), "accuracy", label(swept, e.getKey()));
        }
        return Panels.slantedIf(Panels.barsWithErrors("Final test accuracy", null,
                Axes.accuracy("test accuracy (%)", all.stream().mapToDouble(Double::doubleValue).toArray()), data,
                new DecimalFormat("0.00")), configs.size());
    }

    private static JFreeChart time(List<String> swept, List<String> stages, Map<List<String>, List<CsvTable.Row>> configs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Set<String> used = new LinkedHashSet<>();
        for (String st : stages) {
            if (configs.values().stream().flatMap(List::stream).anyMatch(r -> r.num(st) > 0)) {
                used.add(st);
            }
        }
        for (Map.Entry<List<String>, List<CsvTable.Row>> e : configs.entrySet()) {
            String category = label(swept, e.getKey());
            if (used.isEmpty()) {
                data.addValue(mean(e.getValue().stream().mapToDouble(r -> r.num("total_s")).toArray()), "whole run", category);
            }
            for (String st : used) {
                // a stage a plan does not have is an empty field: no segment
                double[] v = e.getValue().stream().mapToDouble(r -> r.num(st)).filter(Double::isFinite).toArray();
                data.addValue(v.length == 0 ? 0 : mean(v), st.substring(STAGE_PREFIX.length()), category);
            }
        }
        return Panels.slantedIf(Panels.stacked("Time to the final model, by stage", null,
                Axes.seconds("time (s)"), data), configs.size());
    }

    private static JFreeChart bytes(List<String> swept, Map<List<String>, List<CsvTable.Row>> configs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Double> all = new ArrayList<>();
        for (Map.Entry<List<String>, List<CsvTable.Row>> e : configs.entrySet()) {
            double b = mean(e.getValue().stream().mapToDouble(r -> r.num("bytes_moved")).toArray());
            all.add(b);
            data.addValue(b, "bytes moved", label(swept, e.getKey()));
        }
        LogAxis axis = Axes.bytes("bytes moved between driver and executors (log scale)",
                all.stream().mapToDouble(Double::doubleValue).toArray());
        return Panels.slantedIf(Panels.bars("Bytes moved", null, axis, data, new Axes.ByteFormat()), configs.size());
    }

    /** A configuration as a tick label: short plan names, sparsity in percent, K = n. */
    private static String label(List<String> swept, List<String> values) {
        if (swept.isEmpty()) {
            return "all cells";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < swept.size(); i++) {
            String key = swept.get(i);
            parts.add(key.equals("plan.kind") ? Names.shortMethod(values.get(i)) : Names.value(key, values.get(i)));
        }
        return String.join(" ", parts);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** Sample standard deviation; 0 for one value. */
    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
