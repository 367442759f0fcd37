package org.splitfuse.bench.scaling;

import java.util.List;
import org.splitfuse.core.InputError;

/**
 * The coefficients of the {@link Term}s fitted by non-negative least squares ({@link Nnls}) on the
 * stages of the fitted runs: every stage's seconds = sum of coefficient x term. Relative weighting
 * divides each stage's equation by its measured seconds. The communication coefficient is at least 1
 * (no byte crosses a link faster than its line rate): line-rate time is taken out of every stage
 * first and only the excess is fitted, so runs whose bytes cost little of their time (the measured
 * ones: at most 7% of sync-DP's) cannot fit the network away and project it as free.
 *
 * @param coefficients one per {@link Term}, in its order
 * @param identified   whether the fitted stages exercise the term at all (a term they never touch is 0
 *                     by default, and projections that need it are not supported by the data)
 */
record CostFit(double[] coefficients, boolean[] identified, int runs, int stages) {

    /** The least the communication coefficient can be: line-rate time. */
    static final double LINE_RATE = 1.0;

    static CostFit fit(List<MeasuredRun> runs, MeasuredScenarios scenarios, boolean relative) {
        int rows = runs.stream().mapToInt(r -> r.stages().size()).sum();
        if (rows == 0) {
            throw new InputError("no measured run matches fit.runs: nothing to fit the coefficients on");
        }
        int n = Term.values().length;
        double[][] a = new double[rows][];
        double[] b = new double[rows];
        boolean[] identified = new boolean[n];
        int i = 0;
        for (MeasuredRun run : runs) {
            for (StageTerms t : scenarios.stages(run)) {
                double measured = run.stages().get(t.stage()).seconds();
                double weight = relative ? 1 / Math.max(measured, 0.1) : 1;
                a[i] = new double[n];
                for (int j = 0; j < n; j++) {
                    a[i][j] = t.x()[j] * weight;
                    identified[j] |= t.x()[j] > 0;
                }
                b[i] = (measured - LINE_RATE * t.x()[Term.NETWORK.ordinal()]) * weight;
                i++;
            }
        }
        double[] c = Nnls.solve(a, b);
        c[Term.NETWORK.ordinal()] += LINE_RATE;
        return new CostFit(c, identified, runs.size(), rows);
    }

    double seconds(StageTerms t) {
        return t.seconds(coefficients);
    }

    double total(List<StageTerms> stages) {
        return stages.stream().mapToDouble(this::seconds).sum();
    }
}
