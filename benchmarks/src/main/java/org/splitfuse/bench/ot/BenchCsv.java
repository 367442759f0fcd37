package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** docs/results/ot-bench.csv: n,m,marginals,java_ms,pot_ms,ratio,objective_rel_diff (POT columns empty without POT). */
final class BenchCsv {

    static final String HEADER = "n,m,marginals,java_ms,pot_ms,ratio,objective_rel_diff";

    private BenchCsv() {
    }

    static void write(Path file, List<OtBench.Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (OtBench.Row row : rows) {
            boolean withPot = row.pot() != null;
            csv.append(String.format(Locale.ROOT, "%d,%d,%s,%.3f,%s,%s,%s%n",
                    row.problem().n(), row.problem().m(), row.problem().marginals().label(), row.javaMs(),
                    withPot ? String.format(Locale.ROOT, "%.3f", row.pot().medianMs()) : "",
                    withPot ? String.format(Locale.ROOT, "%.3f", row.ratio()) : "",
                    withPot ? String.format(Locale.ROOT, "%.2e", row.objectiveRelativeDifference()) : ""));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, csv);
    }
}
