package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * docs/results/ot-bench.csv: the columns of the first benchmark, then the cost kind, the
 * pivots of the exact solver, its first call in a fresh JVM and POT's first call in its
 * process (POT columns empty without POT, cold columns empty with {@code --cold-runs 0}).
 */
final class BenchCsv {

    static final String HEADER = "n,m,marginals,java_ms,pot_ms,ratio,objective_rel_diff,cost_kind,java_pivots,java_cold_ms,pot_first_ms";

    private BenchCsv() {
    }

    static void write(Path file, List<OtBench.Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (OtBench.Row row : rows) {
            boolean withPot = row.pot() != null;
            csv.append(String.format(Locale.ROOT, "%d,%d,%s,%.3f,%s,%s,%s,%s,%d,%s,%s%n",
                    row.problem().n(), row.problem().m(), row.problem().marginals(), row.javaMs(),
                    withPot ? String.format(Locale.ROOT, "%.3f", row.pot().medianMs()) : "",
                    withPot ? String.format(Locale.ROOT, "%.3f", row.ratio()) : "",
                    withPot ? String.format(Locale.ROOT, "%.2e", row.objectiveRelativeDifference()) : "",
                    row.problem().costKind(), row.pivots(),
                    Double.isNaN(row.coldMs()) ? "" : String.format(Locale.ROOT, "%.3f", row.coldMs()),
                    withPot ? String.format(Locale.ROOT, "%.3f", row.pot().firstMs()) : ""));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, csv);
    }
}
