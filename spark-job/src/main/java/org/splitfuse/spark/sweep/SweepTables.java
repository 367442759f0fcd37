package org.splitfuse.spark.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sweep's results: sweep.csv (one row per cell) and sweep.md (mean +- std over the seeds of
 * each configuration). Columns of sweep.csv, in this order: cell, status, one per swept key,
 * seed, accuracy (percent), params, flops, total_s (time to the final model), time_s_STAGE per
 * stage name that occurs (in plan order), bytes_moved, error.
 */
final class SweepTables {

    private SweepTables() {
    }

    static String csv(List<String> sweptKeys, List<CellResult> rows) {
        List<String> stages = stageNames(rows);
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("cell", "status"));
        header.addAll(sweptKeys);
        header.addAll(List.of("seed", "accuracy", "params", "flops", "total_s"));
        stages.forEach(s -> header.add("time_s_" + s));
        header.addAll(List.of("bytes_moved", "error"));
        b.append(String.join(",", header)).append('\n');
        for (CellResult r : rows) {
            List<String> f = new ArrayList<>(List.of(quote(r.cell().name()), r.ok() ? "ok" : "failed"));
            sweptKeys.forEach(k -> f.add(quote(r.cell().values().get(k))));
            f.add(Long.toString(r.seed()));
            if (r.ok()) {
                f.add(String.format(Locale.ROOT, "%.2f", r.accuracy()));
                f.add(Long.toString(r.params()));
                f.add(Long.toString(r.flops()));
                f.add(String.format(Locale.ROOT, "%.1f", r.planSeconds()));
                stages.forEach(s -> f.add(r.stages().containsKey(s) ? String.format(Locale.ROOT, "%.1f", r.stages().get(s)) : ""));
                f.add(Long.toString(r.bytesMoved()));
            } else {
                for (int i = 0; i < 5 + stages.size(); i++) {
                    f.add("");
                }
            }
            f.add(quote(r.error()));
            b.append(String.join(",", f)).append('\n');
        }
        return b.toString();
    }

    /** Mean +- std (sample standard deviation) over the seeds of each configuration; failed cells counted apart. */
    static String markdown(String title, List<String> sweptKeys, List<CellResult> rows) {
        Map<List<String>, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : rows) {
            List<String> key = sweptKeys.stream().map(k -> r.cell().values().get(k)).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        StringBuilder b = new StringBuilder("# " + title + "\n\n");
        b.append("Mean +- standard deviation over the seeds of each configuration (accuracy: final model on the test set; "
                + "time: the sum of the plan's stages, the time to the final model).\n\n");
        List<String> header = new ArrayList<>(sweptKeys);
        header.addAll(List.of("runs", "failed", "accuracy (%)", "parameters", "FLOPs", "time to final model (s)", "bytes moved"));
        b.append("| ").append(String.join(" | ", header)).append(" |\n");
        b.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (Map.Entry<List<String>, List<CellResult>> g : groups.entrySet()) {
            List<CellResult> ok = g.getValue().stream().filter(CellResult::ok).toList();
            List<String> f = new ArrayList<>(g.getKey());
            f.add(Integer.toString(ok.size()));
            f.add(Integer.toString(g.getValue().size() - ok.size()));
            f.add(meanStd(ok.stream().mapToDouble(CellResult::accuracy).toArray(), "%.2f"));
            f.add(meanStd(ok.stream().mapToDouble(CellResult::params).toArray(), "%,.0f"));
            f.add(meanStd(ok.stream().mapToDouble(CellResult::flops).toArray(), "%,.0f"));
            f.add(meanStd(ok.stream().mapToDouble(CellResult::planSeconds).toArray(), "%.1f"));
            f.add(meanStd(ok.stream().mapToDouble(CellResult::bytesMoved).toArray(), "%,.0f"));
            b.append("| ").append(String.join(" | ", f)).append(" |\n");
        }
        List<CellResult> failed = rows.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            b.append("\nFailed cells:\n\n");
            failed.forEach(r -> b.append("- `").append(r.cell().name()).append("`: ").append(r.error()).append('\n'));
        }
        return b.toString();
    }

    static String meanStd(double[] xs, String format) {
        if (xs.length == 0) {
            return "-";
        }
        double mean = 0;
        for (double x : xs) {
            mean += x / xs.length;
        }
        if (xs.length == 1) {
            return String.format(Locale.ROOT, format, mean);
        }
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return String.format(Locale.ROOT, format + " +- " + format, mean, Math.sqrt(ss / (xs.length - 1)));
    }

    /** Every stage name that occurs, in plan order: a name new in a cell goes after the name before it there. */
    static List<String> stageNames(List<CellResult> rows) {
        List<String> names = new ArrayList<>();
        for (CellResult r : rows) {
            int at = 0;
            for (String s : r.stages().keySet()) {
                int i = names.indexOf(s);
                if (i < 0) {
                    names.add(at, s);
                    at++;
                } else {
                    at = i + 1;
                }
            }
        }
        return names;
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted; the error text goes on one line. */
    static String quote(String field) {
        String f = field.replace('\n', ' ').replace('\r', ' ');
        return f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f;
    }
}
