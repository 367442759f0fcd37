package org.splitfuse.core.ot;

/**
 * Entropic optimal transport by Sinkhorn iterations in the log domain: it minimises
 * {@code <P, C> - reg * H(P)} over plans P with the given marginals, keeping the dual
 * potentials f, g instead of the scalings {@code exp(f / reg)}, and evaluating every
 * sum with log-sum-exp, so that small {@code reg} (large {@code cost / reg}) neither
 * overflows nor underflows to a zero plan.
 *
 * <p>One iteration (sweep) updates f so that the row sums match and then g so that the
 * column sums match. Sweeps run under epsilon scaling: the regularisation starts at the
 * largest |cost| and halves from stage to stage down to {@code reg}, each stage warm-started
 * from the previous one and ended at a relative marginal error of 1e-3. It stops when, at
 * {@code reg}, the row sums are within {@code tolerance} of the source masses in relative L1
 * norm ({@code sum_i |rowSum_i - sourceMass_i| <= tolerance * sum(sourceMass)}), the
 * column sums having just been matched (up to rounding in {@code exp(cost / reg)}), or after {@code maxIterations} sweeps in all; then
 * {@link TransportPlan#converged()} is false and the plan is that of the stage reached.
 * The reported objective is the transport cost {@code <P, C>} without the entropy term.
 * Entries that underflow to zero are not stored.
 */
public final class LogSinkhorn implements TransportSolver {

    public static final double DEFAULT_TOLERANCE = 1e-9;
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;
    /** Each stage of epsilon scaling divides the regularisation by two... */
    private static final double STAGE_FACTOR = 0.5;
    /** ...after meeting this relative marginal error (the last stage meets the tolerance). */
    private static final double STAGE_TOLERANCE = 1e-3;

    private final double reg;
    private final double tolerance;
    private final int maxIterations;

    public LogSinkhorn(double reg) {
        this(reg, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    public LogSinkhorn(double reg, double tolerance, int maxIterations) {
        if (!(reg > 0) || Double.isInfinite(reg)) {
            throw new IllegalArgumentException("reg = " + reg + " must be positive and finite");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance = " + tolerance + " must be positive");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations = " + maxIterations + " must be at least 1");
        }
        this.reg = reg;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    @Override
    public TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost) {
        double costScale = TransportInputs.validate(sourceMass, targetMass, cost);
        ReducedProblem problem = ReducedProblem.of(sourceMass, targetMass, cost);
        int n = problem.rowCount;
        int m = problem.columnCount;
        PlanBuilder plan = new PlanBuilder(sourceMass.length, targetMass.length, cost, n * m);
        if (problem.isEmpty()) {
            return plan.build(true, 0);
        }
        double[] c = problem.cost;
        double[] logSupply = logOf(problem.rowMass);
        double[] logDemand = logOf(problem.columnMass);
        double total = TransportInputs.sum(problem.rowMass);
        double allowedError = tolerance * total;
        double[] f = new double[n];
        double[] g = new double[m];
        double[] lse = new double[Math.max(n, m)];

        // Epsilon scaling: start where the plan is smooth (reg near the cost scale) and halve
        // reg stage by stage, warm-starting each stage from the previous potentials; a plain
        // start at reg far below the costs would need a number of sweeps that grows like
        // exp(cost / reg).
        double stageReg = Math.max(reg, costScale);
        int iteration = 0;
        boolean converged;
        while (true) {
            boolean finalStage = stageReg == reg;
            double stageError = finalStage ? allowedError : Math.max(allowedError, STAGE_TOLERANCE * total);
            int stageStart = iteration;
            boolean met;
            while (true) {
                rowLogSumExp(c, g, n, m, stageReg, lse);
                met = iteration > stageStart && rowError(f, lse, problem.rowMass, stageReg) <= stageError;
                if (met || iteration == maxIterations) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    f[i] = stageReg * (logSupply[i] - lse[i]);
                }
                columnLogSumExp(c, f, n, m, stageReg, lse);
                for (int j = 0; j < m; j++) {
                    g[j] = stageReg * (logDemand[j] - lse[j]);
                }
                iteration++;
            }
            if (finalStage || !met || iteration == maxIterations) {
                converged = finalStage && met;
                break;
            }
            stageReg = Math.max(reg, stageReg * STAGE_FACTOR);
        }

        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double amount = Math.exp((f[i] + g[j] - c[i * m + j]) / stageReg);
                if (amount > 0) {
                    plan.add(problem.rowIndex[i], problem.columnIndex[j], amount);
                }
            }
        }
        return plan.build(converged, iteration);
    }

    /** out[i] = log sum_j exp((g[j] - c[i][j]) / reg). */
    private static void rowLogSumExp(double[] c, double[] g, int n, int m, double reg, double[] out) {
        for (int i = 0; i < n; i++) {
            int base = i * m;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                max = Math.max(max, (g[j] - c[base + j]) / reg);
            }
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += Math.exp((g[j] - c[base + j]) / reg - max);
            }
            out[i] = max + Math.log(sum);
        }
    }

    /** out[j] = log sum_i exp((f[i] - c[i][j]) / reg), computed row by row for locality. */
    private static void columnLogSumExp(double[] c, double[] f, int n, int m, double reg, double[] out) {
        double[] max = new double[m];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int base = i * m;
            for (int j = 0; j < m; j++) {
                max[j] = Math.max(max[j], (f[i] - c[base + j]) / reg);
            }
        }
        double[] sum = new double[m];
        for (int i = 0; i < n; i++) {
            int base = i * m;
            for (int j = 0; j < m; j++) {
                sum[j] += Math.exp((f[i] - c[base + j]) / reg - max[j]);
            }
        }
        for (int j = 0; j < m; j++) {
            out[j] = max[j] + Math.log(sum[j]);
        }
    }

    /** L1 distance between the current row sums exp(f / reg + lse) and the supplies. */
    private static double rowError(double[] f, double[] lse, double[] supply, double reg) {
        double error = 0;
        for (int i = 0; i < supply.length; i++) {
            error += Math.abs(Math.exp(f[i] / reg + lse[i]) - supply[i]);
        }
        return error;
    }

    private static double[] logOf(double[] values) {
        double[] logs = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            logs[k] = Math.log(values[k]);
        }
        return logs;
    }
}
