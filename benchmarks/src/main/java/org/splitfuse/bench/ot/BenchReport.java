package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The markdown table next to the CSV (ot-bench.md for ot-bench.csv), with the machine and its load. */
final class BenchReport {

    /** What the numbers depend on: processors, Java, POT, and the load average before and after. */
    record Machine(String date, int processors, String cpu, String javaVersion, String potVersion, String loadAtStart,
                   String loadAtEnd) {

        static Machine now(String potVersion) {
            return new Machine(LocalDate.now().toString(), Runtime.getRuntime().availableProcessors(), cpuModel(),
                    System.getProperty("java.version"), potVersion, loadAverage(), null);
        }

        Machine finished() {
            return new Machine(date, processors, cpu, javaVersion, potVersion, loadAtStart, loadAverage());
        }
    }

    private BenchReport() {
    }

    static Path markdownPath(Path csv) {
        String name = csv.getFileName().toString();
        String base = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(base + ".md");
    }

    static void write(Path file, List<OtBench.Row> rows, BenchOptions options, Machine machine) throws IOException {
        StringBuilder md = new StringBuilder("# ot-bench: exact OT against POT's ot.emd\n\n");
        md.append(String.format(Locale.ROOT, "%s; %d processors (%s); Java %s; POT %s. Load average (1, 5, 15 min) %s at the "
                        + "start, %s at the end. Median of %d steady-state runs after %d ms of warm-up per problem, POT's "
                        + "median of %d right after on the same matrix; cold: the first solve in a fresh JVM, median of %d. "
                        + "Ratio = java / POT (below 1: faster than POT).%n%n",
                machine.date(), machine.processors(), machine.cpu(), machine.javaVersion(),
                machine.potVersion() == null ? "not installed" : machine.potVersion(), machine.loadAtStart(),
                machine.loadAtEnd(), options.repeats(), options.warmUpMillis(), options.repeats(), options.coldRuns()));
        md.append("| n x m | costs | marginals | java ms | pivots | POT ms | ratio | objective rel. diff | java cold ms | POT first ms |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (OtBench.Row row : rows) {
            boolean withPot = row.pot() != null;
            md.append(String.format(Locale.ROOT, "| %d x %d | %s | %s | %s | %d | %s | %s | %s | %s | %s |%n",
                    row.problem().n(), row.problem().m(), row.problem().costKind(), row.problem().marginals(), ms(row.javaMs()),
                    row.pivots(), withPot ? ms(row.pot().medianMs()) : "-",
                    withPot ? String.format(Locale.ROOT, "%.3f", row.ratio()) : "-",
                    withPot ? String.format(Locale.ROOT, "%.1e", row.objectiveRelativeDifference()) : "-",
                    Double.isNaN(row.coldMs()) ? "-" : String.format(Locale.ROOT, "%.1f", row.coldMs()),
                    withPot ? String.format(Locale.ROOT, "%.1f", row.pot().firstMs()) : "-"));
        }
        Files.writeString(file, md);
    }

    /** Milliseconds with two decimals below 10 ms (the real instances take a fraction of one), else one. */
    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown CPU";
    }
}
