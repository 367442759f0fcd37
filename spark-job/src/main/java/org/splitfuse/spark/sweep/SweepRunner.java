package org.splitfuse.spark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.splitfuse.core.UserError;
import org.splitfuse.core.train.Durations;
import org.splitfuse.spark.Interrupts;
import org.splitfuse.spark.charts.RunPlot;
import org.splitfuse.spark.charts.SweepPlots;
import org.splitfuse.spark.SplitFuseJob;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.spark.config.ConfigLoader;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.config.Locations;
import org.splitfuse.spark.output.RunOutput;

/**
 * Runs a sweep: every cell's config is read (and so validated) before any cell runs; a cell whose
 * output has _SUCCESS and a report.json with the cell's config fingerprint is kept, the others run
 * as ordinary runs of the job (one after another in this JVM, or {@code sweep.parallel} at once as
 * their own JVMs: see {@link CellProcesses}); a failed cell is recorded with its error and the sweep
 * goes on; a signal stops it after the running cells stopped. sweep.csv and sweep.md are rewritten
 * (atomically) after every cell.
 */
public final class SweepRunner {

    static final String CSV = "sweep.csv";
    static final String MD = "sweep.md";
    static final String PNG = "sweep.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweepFile file;
    private final PrintStream out;
    private final PrintStream err;
    private final List<Cell> cells;
    private final List<JobConfig> configs = new ArrayList<>();
    private final List<List<String>> args = new ArrayList<>();
    private final Map<Integer, CellResult> results = new TreeMap<>();
    private final Configuration hadoop;
    private final Path output;
    private final long start = System.nanoTime();
    private double ranSeconds;
    private int ran;

    public SweepRunner(SweepFile file, PrintStream out, PrintStream err) {
        this.file = file;
        this.out = out;
        this.err = err;
        this.cells = Cell.all(file);
        Map<String, Cell> byName = new java.util.HashMap<>();
        for (Cell cell : cells) {
            Cell other = byName.put(cell.name(), cell);
            if (other != null) {
                String key = cell.values().keySet().stream().filter(k -> !cell.values().get(k).equals(other.values().get(k)))
                        .findFirst().orElse("seed");
                throw new ConfigError("sweep file " + file.file() + ": the values '" + other.values().get(key) + "' and '"
                        + cell.values().get(key) + "' of " + key + " give cells of one name, " + cell.name()
                        + " (characters other than letters, digits and ._=,+- become _)");
            }
        }
        Configuration conf = null;
        Path qualified = null;
        for (Cell cell : cells) {
            // the cell's own config, read as `bin/splitfuse run` reads it: every key and value checked up front
            List<String> a = new ArrayList<>(file.overrides());
            a.addAll(cell.overrides(file.seedKeys()));
            JobConfig config;
            try {
                if (qualified == null) {
                    JobConfig probe = ConfigLoader.load(file.base(), a);
                    conf = SplitFuseJob.hadoopConf(probe);
                    qualified = new Path(Locations.qualify("sweep.output", file.output(), conf));
                }
                a.add("output.uri=" + new Path(qualified, cell.name()));
                a.add("output.overwrite=true");
                config = ConfigLoader.load(file.base(), a);
                SplitFuseJob.hadoopConf(config); // the master URL checked too
            } catch (ConfigError e) {
                throw new ConfigError("sweep file " + file.file() + ": cell " + cell.name() + ": " + e.getMessage(), e);
            }
            configs.add(config);
            args.add(List.copyOf(a));
        }
        this.hadoop = conf;
        this.output = qualified;
    }

    public List<Cell> cells() {
        return cells;
    }

    /** @return 0 when every cell succeeded, 1 when some failed, 128 + the signal's number when stopped */
    public int run() throws IOException {
        int n = cells.size();
        out.printf(Locale.ROOT, "sweep: %d cell(s) under %s%s%n", n, output,
                file.parallel() > 1 ? ", " + file.parallel() + " at once" : "");
        List<Cell> pending = new ArrayList<>();
        for (Cell cell : cells) {
            CellResult done = finished(cell);
            if (done != null) {
                results.put(cell.index(), done);
                out.printf(Locale.ROOT, "sweep: cell %d of %d (%s) already done (_SUCCESS, same config): kept%n",
                        cell.index(), n, cell.label());
            } else {
                pending.add(cell);
            }
        }
        writeTables();
        if (file.parallel() > 1 && pending.size() > 1) {
            new CellProcesses(this, Math.min(file.parallel(), pending.size())).run(pending);
        } else {
            for (Cell cell : pending) {
                if (Interrupts.signal() != null) {
                    break;
                }
                runHere(cell);
            }
        }
        String signal = Interrupts.signal();
        long failed = results.values().stream().filter(r -> !r.ok()).count();
        String where = output + "/" + CSV;
        if (signal != null) {
            err.printf(Locale.ROOT, "splitfuse sweep: stopped by %s; %d of %d cell(s) done (%s); rerun the same command "
                    + "to run the rest%n", signal, results.size() - failed, n, where);
            return Interrupts.exitCode(signal);
        }
        out.printf(Locale.ROOT, "sweep: %d of %d cell(s) ok, %d failed, in %s; wrote %s and %s%n", n - failed, n, failed,
                Durations.format(elapsed()), where, MD);
        return failed == 0 ? 0 : 1;
    }

    /** One cell in this JVM, as `bin/splitfuse run` runs it. */
    private void runHere(Cell cell) throws IOException {
        out.printf(Locale.ROOT, "sweep: cell %d of %d (%s): running%n", cell.index(), cells.size(), cell.label());
        long t0 = System.nanoTime();
        try {
            SplitFuseJob.execute(config(cell), out, err);
        } catch (Exception | LinkageError e) {
            if (Interrupts.signal() != null) {
                return; // stopped, not failed: the cell is run again next time
            }
            if (UserError.find(e) == null) {
                e.printStackTrace(err); // a bug: its trace, and the sweep goes on
            }
            finish(cell, null, message(e), t0);
            return;
        }
        finish(cell, report(cell), null, t0);
    }

    /** Records a finished cell (report null: failed with {@code error}), rewrites the tables, prints the progress line. */
    synchronized void finish(Cell cell, JsonNode report, String error, long startNanos) throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        CellResult r;
        try {
            r = report != null ? CellResult.of(cell, seed(cell), report) : CellResult.failed(cell, seed(cell), error);
        } catch (RuntimeException e) {
            r = CellResult.failed(cell, seed(cell), "unreadable report.json: " + e);
        }
        results.put(cell.index(), r);
        ran++;
        ranSeconds += seconds;
        writeTables();
        int left = (int) cells.stream().filter(c -> !results.containsKey(c.index())).count();
        double eta = ranSeconds / ran * left / Math.max(1, Math.min(file.parallel(), Math.max(left, 1)));
        out.printf(Locale.ROOT, "sweep: cell %d of %d (%s) %s in %.0f s; elapsed %s, ETA %s%n", cell.index(), cells.size(),
                cell.label(), r.ok() ? String.format(Locale.ROOT, "done (accuracy %.2f%%)", r.accuracy())
                        : "FAILED: " + r.error(), seconds, Durations.format(elapsed()), Durations.format(eta));
    }

    JobConfig config(Cell cell) {
        return configs.get(cell.index() - 1);
    }

    List<String> args(Cell cell) {
        return args.get(cell.index() - 1);
    }

    SweepFile file() {
        return file;
    }

    PrintStream out() {
        return out;
    }

    Path output() {
        return output;
    }

    int size() {
        return cells.size();
    }

    /** The cell's report.json, once its run has committed. */
    JsonNode report(Cell cell) throws IOException {
        Path report = new Path(config(cell).output().uri(), "report.json");
        try (InputStream in = report.getFileSystem(hadoop).open(report)) {
            return JSON.readTree(in);
        }
    }

    /** The cell's result when its output is complete and was made by the same config; else null. */
    private CellResult finished(Cell cell) throws IOException {
        Path dir = new Path(config(cell).output().uri());
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(new Path(dir, RunOutput.SUCCESS)) || !fs.exists(new Path(dir, "report.json"))) {
            return null;
        }
        try {
            JsonNode report = report(cell);
            if (!config(cell).fingerprint().equals(report.path("config_fingerprint").asText())) {
                out.printf(Locale.ROOT, "sweep: cell %d of %d (%s): its config changed since %s was written: run again%n",
                        cell.index(), cells.size(), cell.label(), dir);
                return null;
            }
            return CellResult.of(cell, seed(cell), report);
        } catch (IOException | RuntimeException e) {
            out.printf(Locale.ROOT, "sweep: cell %d of %d (%s): %s/report.json cannot be read (%s): run again%n",
                    cell.index(), cells.size(), cell.label(), dir, e.getMessage());
            return null;
        }
    }

    private long seed(Cell cell) {
        return cell.seed() != null ? cell.seed() : config(cell).model().seed();
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void writeTables() throws IOException {
        List<String> swept = new ArrayList<>();
        file.axes().forEach(a -> swept.addAll(a.keys()));
        List<CellResult> rows = new ArrayList<>(results.values());
        String csv = SweepTables.csv(swept, rows);
        write(CSV, csv);
        write(MD, SweepTables.markdown("Sweep " + file.file().getName(), swept, rows));
        if (rows.stream().anyMatch(CellResult::ok)) {
            writePlot(csv);
        }
    }

    /** sweep.png, drawn from sweep.csv by the shared plotting code; a run never fails for its picture. */
    private void writePlot(String csv) {
        JobConfig c = configs.get(0);
        String caption = RunPlot.describe(c.model().family().id(), c.model().width(), c.data().name(), c.split().shards(),
                c.split().kind().name().toLowerCase(Locale.ROOT)) + " (base config of sweep " + file.file().getName()
                + "; a swept key overrides it).";
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("splitfuse-sweep-plot");
            try {
                java.nio.file.Path local = dir.resolve(CSV);
                java.nio.file.Files.writeString(local, csv, StandardCharsets.UTF_8);
                java.nio.file.Path png = SweepPlots.write(local, dir, caption);
                write(PNG, java.nio.file.Files.readAllBytes(png));
                java.nio.file.Files.delete(png);
                java.nio.file.Files.delete(local);
            } finally {
                java.nio.file.Files.deleteIfExists(dir);
            }
        } catch (IOException | RuntimeException e) {
            out.println("sweep: warning: " + PNG + " not drawn: " + message(e));
        }
    }

    private void write(String name, String text) throws IOException {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Written beside the target and renamed into place: a reader never sees half a table. */
    private void write(String name, byte[] bytes) throws IOException {
        FileSystem fs = output.getFileSystem(hadoop);
        fs.mkdirs(output);
        Path target = new Path(output, name);
        Path tmp = new Path(output, "." + name + ".tmp");
        try (OutputStream os = fs.create(tmp, true)) {
            os.write(bytes);
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }

    static String message(Throwable e) {
        UserError user = UserError.find(e);
        return user != null ? UserError.message(user) : e.toString();
    }
}
