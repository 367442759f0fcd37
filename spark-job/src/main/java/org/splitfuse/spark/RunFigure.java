package org.splitfuse.spark;

import java.util.List;
import java.util.Locale;
import org.splitfuse.spark.charts.Names;
import org.splitfuse.spark.charts.RunPlot;
import org.splitfuse.spark.config.JobConfig;

/** report.png: the run's stages (time, accuracy, bytes moved) drawn by {@link RunPlot}, captioned from the config. */
final class RunFigure {

    private RunFigure() {
    }

    static byte[] png(JobReport report) {
        JobConfig c = report.config();
        List<RunPlot.Stage> stages = report.stages().stream().map(s -> new RunPlot.Stage(s.name(), s.seconds(),
                s.traffic().totalBytes(), s.models().stream().mapToDouble(m -> 100 * m.testAccuracy()).toArray())).toList();
        ModelEvaluation f = report.finalModel();
        String caption = RunPlot.describe(c.model().family().id(), c.model().width(), c.data().name(), c.split().shards(),
                c.split().kind().name().toLowerCase(Locale.ROOT)) + String.format(Locale.ROOT,
                ". Final model: %.2f%% test accuracy, %,d parameters; time to it %.0f s; %s moved in all.",
                100 * f.testAccuracy(), f.parameters(), report.planSeconds(),
                org.splitfuse.spark.charts.Axes.bytesText(report.bytesMoved()));
        return RunPlot.png("Run: " + Names.method(c.plan().kind().id()), caption, stages);
    }
}
