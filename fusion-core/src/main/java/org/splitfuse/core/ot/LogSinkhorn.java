package org.splitfuse.core.ot;

/**
 * Entropic optimal transport, min &lt;T, C&gt; - reg * H(T), by Sinkhorn iterations on the dual
 * potentials in the log domain: every update is a log-sum-exp, so nothing overflows or underflows
 * even at reg = 1e-3 with costs of 1e3 (where exp(-C / reg) = exp(-1e6)). Zero masses get
 * potential -infinity and an empty row or column.
 */
final class LogSinkhorn implements TransportSolver {

    private final double reg;
    private final double tolerance;
    private final int maxIterations;

    /**
     * @param tolerance stop when the L1 error of the row sums is below tolerance * total mass
     */
    LogSinkhorn(double reg, double tolerance, int maxIterations) {
        if (!(reg > 0) || Double.isInfinite(reg)) {
            throw new IllegalArgumentException("regularisation must be > 0, got " + reg);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("iteration cap must be >= 1, got " + maxIterations);
        }
        this.reg = reg;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    @Override
    public TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost) {
        double[] b = TransportInputs.validate(sourceMass, targetMass, cost);
        double[] a = sourceMass;
        int n = a.length;
        int m = b.length;
        double[] logA = logs(a);
        double[] logB = logs(b);
        double total = 0;
        for (double v : a) {
            total += v;
        }
        double[] f = new double[n];
        double[] g = new double[m];
        double[] work = new double[Math.max(n, m)];
        boolean converged = false;
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            // g_j = reg log b_j - reg LSE_i((f_i - C_ij) / reg)
            for (int j = 0; j < m; j++) {
                if (logB[j] == Double.NEGATIVE_INFINITY) {
                    g[j] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    work[i] = (f[i] - cost[i][j]) / reg;
                }
                g[j] = reg * (logB[j] - logSumExp(work, n));
            }
            // f_i = reg log a_i - reg LSE_j((g_j - C_ij) / reg); afterwards rows match exactly
            for (int i = 0; i < n; i++) {
                if (logA[i] == Double.NEGATIVE_INFINITY) {
                    f[i] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double[] row = cost[i];
                for (int j = 0; j < m; j++) {
                    work[j] = (g[j] - row[j]) / reg;
                }
                f[i] = reg * (logA[i] - logSumExp(work, m));
            }
            if (iteration % 10 == 0 || iteration == maxIterations) {
                double error = columnError(f, g, b, cost);
                if (error <= tolerance * total) {
                    converged = true;
                    break;
                }
            }
        }
        return plan(f, g, cost, n, m, converged, iteration);
    }

    private double columnError(double[] f, double[] g, double[] b, double[][] cost) {
        int n = f.length;
        int m = g.length;
        double[] col = new double[m];
        for (int i = 0; i < n; i++) {
            if (f[i] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            for (int j = 0; j < m; j++) {
                if (g[j] != Double.NEGATIVE_INFINITY) {
                    col[j] += Math.exp((f[i] + g[j] - cost[i][j]) / reg);
                }
            }
        }
        double error = 0;
        for (int j = 0; j < m; j++) {
            error += Math.abs(col[j] - b[j]);
        }
        return error;
    }

    private TransportPlan plan(double[] f, double[] g, double[][] cost, int n, int m, boolean converged, int iterations) {
        int[] rows = new int[n * m];
        int[] cols = new int[n * m];
        double[] values = new double[n * m];
        int k = 0;
        double objective = 0;
        for (int i = 0; i < n; i++) {
            if (f[i] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            for (int j = 0; j < m; j++) {
                if (g[j] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double t = Math.exp((f[i] + g[j] - cost[i][j]) / reg);
                if (t > 0) {
                    rows[k] = i;
                    cols[k] = j;
                    values[k] = t;
                    objective += t * cost[i][j];
                    k++;
                }
            }
        }
        return new TransportPlan(n, m, java.util.Arrays.copyOf(rows, k), java.util.Arrays.copyOf(cols, k),
                java.util.Arrays.copyOf(values, k), objective, converged, iterations);
    }

    private static double[] logs(double[] mass) {
        double[] out = new double[mass.length];
        for (int i = 0; i < mass.length; i++) {
            out[i] = mass[i] > 0 ? Math.log(mass[i]) : Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    private static double logSumExp(double[] x, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, x[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }
}
