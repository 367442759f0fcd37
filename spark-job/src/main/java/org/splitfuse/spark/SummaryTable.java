package org.splitfuse.spark;

import java.util.Locale;
import org.splitfuse.core.train.Durations;

/**
 * The table printed at the end of a run: one line per stage (a stage of K models shows their mean
 * accuracy, labelled so), then the final model, the totals, and why the final model is below its
 * parents when it is ({@link FinalModelNote}).
 */
final class SummaryTable {

    private SummaryTable() {
    }

    static String render(JobReport report) {
        StringBuilder sb = new StringBuilder();
        String format = "%-14s %8s %11s %6s %17s %20s  %s%n";
        sb.append('\n').append(String.format(Locale.ROOT, format, "stage", "time", "moved", "models", "parameters (each)",
                "FLOPs/example (each)", "test accuracy"));
        for (StageReport s : report.stages()) {
            int n = s.models().size();
            double accuracy = s.models().stream().mapToDouble(ModelEvaluation::testAccuracy).average().orElse(Double.NaN);
            long params = n == 0 ? 0 : s.models().get(0).parameters();
            long flops = n == 0 ? 0 : s.models().get(0).flops();
            // K models: their mean, said so (the table has one accuracy per stage)
            String acc = String.format(Locale.ROOT, "%.2f%%", 100 * accuracy) + (n > 1 ? " (mean of " + n + " models)" : "");
            sb.append(String.format(Locale.ROOT, format, s.name(), Durations.format(s.seconds()),
                    megabytes(s.traffic().totalBytes()), n, String.format(Locale.ROOT, "%,d", params),
                    String.format(Locale.ROOT, "%,d", flops), acc));
        }
        sb.append("time: the stage's wall time; moved: bytes between driver and executors during it\n");
        ModelEvaluation f = report.finalModel();
        sb.append('\n').append(String.format(Locale.ROOT, "final model (%s): %,d parameters, %,d FLOPs per example, test "
                        + "accuracy %.2f%%%n", report.config().plan().kind().id(), f.parameters(), f.flops(), 100 * f.testAccuracy()));
        sb.append(String.format(Locale.ROOT, "time to the final model %s (training %s), whole run %s; moved %s between driver "
                        + "and executors", Durations.format(report.planSeconds()), Durations.format(report.trainSeconds()),
                Durations.format(report.totalSeconds()), megabytes(report.bytesMoved())));
        FinalModelNote.of(report).ifPresent(note -> sb.append("\n\n").append(note));
        return sb.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }
}
