package org.splitfuse.core.train;

import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Prints one progress line at most every {@code intervalMillis} and one at each epoch end:
 * epoch, step, examples per second, loss and the estimated time left for the whole run.
 */
final class ProgressListener extends BaseTrainingListener {

    private final String label;
    private final int epochs;
    private final long stepsPerEpoch;
    private final int batchSize;
    private final long intervalMillis;
    private final Consumer<String> out;

    private final long startNanos = System.nanoTime();
    private long lastPrint = System.nanoTime();
    private long stepsDone;
    private int epochIndex;
    private long stepInEpoch;
    private double lastLoss = Double.NaN;

    ProgressListener(String label, int epochs, long stepsPerEpoch, int batchSize, long intervalMillis,
                     Consumer<String> out) {
        this.label = label;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.batchSize = batchSize;
        this.intervalMillis = intervalMillis;
        this.out = out;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        stepsDone++;
        stepInEpoch++;
        lastLoss = model.score();
        long now = System.nanoTime();
        if ((now - lastPrint) / 1_000_000 >= intervalMillis) {
            lastPrint = now;
            out.accept(line(now, false));
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        out.accept(line(System.nanoTime(), true));
        epochIndex++;
        stepInEpoch = 0;
    }

    private String line(long now, boolean epochEnd) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double examplesPerSecond = stepsDone * (double) batchSize / seconds;
        long totalSteps = stepsPerEpoch * epochs;
        double eta = stepsDone == 0 ? Double.NaN : seconds / stepsDone * Math.max(0, totalSteps - stepsDone);
        return String.format("%s epoch %d/%d %s %d/%d  %.0f ex/s  loss %.4f  ETA %s",
                label, epochIndex + 1, epochs, epochEnd ? "done" : "step", stepInEpoch, stepsPerEpoch,
                examplesPerSecond, lastLoss, Durations.format(eta));
    }
}
