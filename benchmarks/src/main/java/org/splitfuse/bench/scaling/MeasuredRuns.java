package org.splitfuse.bench.scaling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splitfuse.core.InputError;
import org.splitfuse.spark.charts.CsvTable;

/**
 * Reads split-data.csv ({@code method,accuracy,params,train_s,total_s,bytes_moved,network,k,width,wire_bytes})
 * and split-data-stages.csv ({@code method,stage,seconds,bytes_moved,accuracy,network,k,width,wire_bytes}),
 * a run identified by method, network, k and width. Bad input is one line naming the file and its row:
 * an unknown method, network or stage, a run given twice, a stage without its run, a run without
 * one of its plan's stages, stages that do not add up to the run's total_s.
 */
final class MeasuredRuns {

    private MeasuredRuns() {
    }

    static List<MeasuredRun> read(Path runsCsv, Path stagesCsv) throws IOException {
        return read(runsCsv, stagesCsv, List.of());
    }

    /** The runs of the CSVs but those of the {@code ignored} methods (runs whose settings the workload does not describe). */
    static List<MeasuredRun> read(Path runsCsv, Path stagesCsv, List<String> ignored) throws IOException {
        CsvTable runs = CsvTable.read(runsCsv).require("method", "params", "total_s", "bytes_moved", "network", "k", "width");
        CsvTable stages = CsvTable.read(stagesCsv).require("method", "stage", "seconds", "bytes_moved", "network", "k", "width");
        Map<String, MeasuredRun> byKey = new LinkedHashMap<>();
        List<CsvTable.Row> rows = runs.rows();
        for (int i = 0; i < rows.size(); i++) {
            CsvTable.Row r = rows.get(i);
            int row = i + 2;
            if (ignored.contains(r.get("method").trim())) {
                continue;
            }
            String where = runsCsv + ": row " + row;
            Method method = field(where, () -> Method.parse(r.get("method")));
            Network network = field(where, () -> Network.parse(r.get("network")));
            int k = shards(where, r.get("k"));
            double width = width(where, r.get("width"));
            MeasuredRun run = new MeasuredRun(method, network, k, width, (long) number(where, r, "params"),
                    number(where, r, "total_s"), number(where, r, "bytes_moved"), optional(where, r, "wire_bytes"), row,
                    new LinkedHashMap<>());
            MeasuredRun earlier = byKey.putIfAbsent(run.key(), run);
            if (earlier != null) {
                throw new InputError(where + ": a second " + run.key() + " run (the first is row " + earlier.row() + ")");
            }
        }
        List<CsvTable.Row> stageRows = stages.rows();
        for (int i = 0; i < stageRows.size(); i++) {
            CsvTable.Row r = stageRows.get(i);
            String where = stagesCsv + ": row " + (i + 2);
            if (ignored.contains(r.get("method").trim())) {
                continue;
            }
            Method method = field(where, () -> Method.parse(r.get("method")));
            Network network = field(where, () -> Network.parse(r.get("network")));
            String key = MeasuredRun.key(method.id(), network.name(), shards(where, r.get("k")), width(where, r.get("width")));
            MeasuredRun run = byKey.get(key);
            if (run == null) {
                throw new InputError(where + ": a stage of a " + key + " run, which " + runsCsv + " does not have");
            }
            String stage = r.get("stage").trim();
            if (!method.stages().contains(stage)) {
                throw new InputError(where + ": unknown stage '" + stage + "' for " + method.id() + " (its stages: "
                        + String.join(", ", method.stages()) + ")");
            }
            if (run.stages().containsKey(stage)) {
                throw new InputError(where + ": stage '" + stage + "' of the " + key + " run given twice");
            }
            run.stages().put(stage, new MeasuredRun.Stage(number(where, r, "seconds"), number(where, r, "bytes_moved"),
                    optional(where, r, "wire_bytes")));
        }
        List<MeasuredRun> out = new ArrayList<>();
        for (MeasuredRun run : byKey.values()) {
            for (String stage : run.method().stages()) {
                if (!run.stages().containsKey(stage)) {
                    throw new InputError(stagesCsv + ": no '" + stage + "' stage of the " + run.key() + " run (" + runsCsv
                            + " row " + run.row() + "; it has: " + (run.stages().isEmpty() ? "none" : String.join(", ",
                            run.stages().keySet())) + ")");
                }
            }
            Map<String, MeasuredRun.Stage> ordered = new LinkedHashMap<>();
            run.method().stages().forEach(s -> ordered.put(s, run.stages().get(s)));
            MeasuredRun done = new MeasuredRun(run.method(), run.network(), run.k(), run.width(), run.params(),
                    run.totalSeconds(), run.bytesMoved(), run.wireBytes(), run.row(),
                    java.util.Collections.unmodifiableMap(ordered));
            double sum = done.stageSeconds();
            if (Math.abs(sum - done.totalSeconds()) > 1 + 0.01 * done.totalSeconds()) {
                throw new InputError(runsCsv + ": row " + run.row() + ": total_s " + done.totalSeconds() + " of the " + run.key()
                        + " run is not the sum of its stages in " + stagesCsv + " (" + String.format(java.util.Locale.ROOT, "%.1f",
                        sum) + ")");
            }
            out.add(done);
        }
        if (out.isEmpty()) {
            throw new InputError(runsCsv + ": no runs");
        }
        return out;
    }

    /** A parse that names the file and row when it fails. */
    private interface Parse<T> {
        T get();
    }

    private static <T> T field(String where, Parse<T> parse) {
        try {
            return parse.get();
        } catch (InputError e) {
            throw new InputError(where + ": " + e.getMessage(), e);
        }
    }

    private static int shards(String where, String text) {
        try {
            int k = Integer.parseInt(text.trim());
            if (k >= 1) {
                return k;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InputError(where + ": k must be a whole number of Workers >= 1, got '" + text + "'");
    }

    private static double width(String where, String text) {
        try {
            double w = Double.parseDouble(text.trim());
            if (w > 0 && Double.isFinite(w)) {
                return w;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InputError(where + ": width must be a number > 0, got '" + text + "'");
    }

    private static double number(String where, CsvTable.Row r, String column) {
        double v;
        try {
            v = Double.parseDouble(r.get(column).trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || v < 0) {
            throw new InputError(where + ": column '" + column + "' must be a number >= 0, got '" + r.get(column) + "'");
        }
        return v;
    }

    /** An optional column: NaN when absent or empty. */
    private static double optional(String where, CsvTable.Row r, String column) {
        if (!r.asMap().containsKey(column) || r.get(column).isBlank()) {
            return Double.NaN;
        }
        return number(where, r, column);
    }
}
