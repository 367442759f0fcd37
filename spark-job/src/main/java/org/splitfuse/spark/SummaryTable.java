package org.splitfuse.spark;

import java.util.Map;
import org.splitfuse.core.train.Durations;

/** The table printed at the end of a run. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String render(JobReport report, Map<String, Double> stageSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(String.format("%-24s %12s %10s %10s %10s %9s%n",
                "model", "parameters", "examples", "train", "accuracy", "loss"));
        for (ModelEvaluation e : report.models()) {
            sb.append(String.format("%-24s %,12d %10d %10s %9.2f%% %9.4f%n", e.name(), e.parameters(),
                    e.trainExamples(), e.trainSeconds() > 0 ? Durations.format(e.trainSeconds()) : "-",
                    100 * e.testAccuracy(), e.testLoss()));
        }
        sb.append('\n');
        for (Map.Entry<String, Double> s : stageSeconds.entrySet()) {
            sb.append(String.format("%-24s %10s%n", s.getKey(), Durations.format(s.getValue())));
        }
        sb.append(String.format("%-24s %10s", "total", Durations.format(report.totalSeconds())));
        return sb.toString();
    }
}
