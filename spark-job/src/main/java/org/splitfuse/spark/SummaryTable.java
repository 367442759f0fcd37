package org.splitfuse.spark;

import java.util.Locale;
import org.splitfuse.core.train.Durations;

/** The table printed at the end of a run: one line per stage, then the final model and totals. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String render(JobReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(String.format(Locale.ROOT, "%-14s %9s %11s %6s %12s %14s %10s%n",
                "stage", "time", "moved", "models", "parameters", "FLOPs", "accuracy"));
        for (StageReport s : report.stages()) {
            double accuracy = s.models().stream().mapToDouble(ModelEvaluation::testAccuracy).average().orElse(Double.NaN);
            long params = s.models().isEmpty() ? 0 : s.models().get(0).parameters();
            long flops = s.models().isEmpty() ? 0 : s.models().get(0).flops();
            sb.append(String.format(Locale.ROOT, "%-14s %9s %11s %6d %,12d %,14d %9.2f%%%n", s.name(),
                    Durations.format(s.seconds()), megabytes(s.traffic().totalBytes()), s.models().size(), params, flops,
                    100 * accuracy));
        }
        ModelEvaluation f = report.finalModel();
        sb.append('\n').append(String.format(Locale.ROOT, "final model (%s): %,d parameters, %,d FLOPs, test accuracy %.2f%%%n",
                report.config().plan().kind().id(), f.parameters(), f.flops(), 100 * f.testAccuracy()));
        sb.append(String.format(Locale.ROOT, "time to the final model %s (training %s), whole run %s; moved %s between driver "
                        + "and executors", Durations.format(report.planSeconds()), Durations.format(report.trainSeconds()),
                Durations.format(report.totalSeconds()), megabytes(report.bytesMoved())));
        return sb.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }
}
