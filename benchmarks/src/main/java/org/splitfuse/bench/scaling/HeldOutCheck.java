package org.splitfuse.bench.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Measured against predicted seconds on the held-out runs, per stage and in total. */
record HeldOutCheck(List<RunError> runs) {

    /** One stage of a held-out run. */
    record StageError(String stage, double measured, double predicted) {
        double relative() {
            return Math.abs(predicted - measured) / measured;
        }
    }

    /** One held-out run: its stages and its total time (the sum of its stages). */
    record RunError(MeasuredRun run, List<StageError> stages) {
        double measured() {
            return stages.stream().mapToDouble(StageError::measured).sum();
        }

        double predicted() {
            return stages.stream().mapToDouble(StageError::predicted).sum();
        }

        double relative() {
            return Math.abs(predicted() - measured()) / measured();
        }
    }

    static HeldOutCheck of(List<MeasuredRun> heldOut, MeasuredScenarios scenarios, CostFit fit) {
        List<RunError> out = new ArrayList<>();
        for (MeasuredRun run : heldOut) {
            List<StageError> stages = new ArrayList<>();
            for (StageTerms t : scenarios.stages(run)) {
                stages.add(new StageError(t.stage(), run.stages().get(t.stage()).seconds(), fit.seconds(t)));
            }
            out.add(new RunError(run, stages));
        }
        return new HeldOutCheck(out);
    }

    /** The median relative error of the held-out runs' total times; NaN when none is held out. */
    double medianTotalError() {
        double[] e = runs.stream().mapToDouble(RunError::relative).sorted().toArray();
        if (e.length == 0) {
            return Double.NaN;
        }
        return e.length % 2 == 1 ? e[e.length / 2] : (e[e.length / 2 - 1] + e[e.length / 2]) / 2;
    }

    double maxTotalError() {
        return runs.stream().mapToDouble(RunError::relative).max().orElse(Double.NaN);
    }

    /** The median relative error over every held-out stage. */
    double medianStageError() {
        double[] e = runs.stream().flatMap(r -> r.stages().stream()).mapToDouble(StageError::relative).sorted().toArray();
        if (e.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(e);
        return e.length % 2 == 1 ? e[e.length / 2] : (e[e.length / 2 - 1] + e[e.length / 2]) / 2;
    }
}
