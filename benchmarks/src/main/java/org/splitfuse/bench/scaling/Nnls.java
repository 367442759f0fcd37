package org.splitfuse.bench.scaling;

/**
 * Non-negative least squares, min ||A x - b|| subject to x >= 0, by Lawson and Hanson's active-set
 * method (Solving Least Squares Problems, 1974, ch. 23). Written here because no library on the
 * classpath has it (Commons Math 3 and ND4J solve unconstrained least squares only); it is meant
 * for a handful of unknowns. Columns are scaled to unit norm first, so terms of very different
 * magnitude (FLOPs, rounds) are treated alike; a zero column gets coefficient 0.
 */
final class Nnls {

    private static final double TOLERANCE = 1e-12;

    private Nnls() {
    }

    static double[] solve(double[][] a, double[] b) {
        int m = a.length;
        int n = a[0].length;
        double[] scale = new double[n];
        double[][] as = new double[m][n];
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (double[] row : a) {
                norm += row[j] * row[j];
            }
            scale[j] = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                as[i][j] = scale[j] > 0 ? a[i][j] / scale[j] : 0;
            }
        }
        double[] x = new double[n];
        boolean[] passive = new boolean[n];
        for (int iteration = 0; iteration < 30 * n; iteration++) {
            double[] gradient = gradient(as, b, x);
            int best = -1;
            for (int j = 0; j < n; j++) {
                if (!passive[j] && scale[j] > 0 && gradient[j] > TOLERANCE && (best < 0 || gradient[j] > gradient[best])) {
                    best = j;
                }
            }
            if (best < 0) {
                break;
            }
            passive[best] = true;
            while (true) {
                double[] z = leastSquares(as, b, passive);
                boolean feasible = true;
                for (int j = 0; j < n; j++) {
                    if (passive[j] && z[j] <= 0) {
                        feasible = false;
                    }
                }
                if (feasible) {
                    x = z;
                    break;
                }
                double alpha = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (passive[j] && z[j] <= 0) {
                        alpha = Math.min(alpha, x[j] / (x[j] - z[j]));
                    }
                }
                for (int j = 0; j < n; j++) {
                    x[j] += alpha * (z[j] - x[j]);
                    if (passive[j] && Math.abs(x[j]) <= TOLERANCE) {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = scale[j] > 0 ? Math.max(0, x[j]) / scale[j] : 0;
        }
        return out;
    }

    /** A^T (b - A x): the direction in which each coefficient would lower the residual. */
    private static double[] gradient(double[][] a, double[] b, double[] x) {
        int n = x.length;
        double[] g = new double[n];
        for (int i = 0; i < a.length; i++) {
            double r = b[i];
            for (int j = 0; j < n; j++) {
                r -= a[i][j] * x[j];
            }
            for (int j = 0; j < n; j++) {
                g[j] += a[i][j] * r;
            }
        }
        return g;
    }

    /** Unconstrained least squares on the passive columns (normal equations, Gaussian elimination with pivoting); 0 elsewhere. */
    private static double[] leastSquares(double[][] a, double[] b, boolean[] passive) {
        int n = passive.length;
        int[] cols = new int[n];
        int p = 0;
        for (int j = 0; j < n; j++) {
            if (passive[j]) {
                cols[p++] = j;
            }
        }
        double[][] m = new double[p][p + 1];
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    m[r][c] += row[cols[r]] * row[cols[c]];
                }
                m[r][p] += row[cols[r]] * b[i];
            }
        }
        for (int c = 0; c < p; c++) {
            int pivot = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[c][c]) < 1e-14) {
                continue; // a column dependent on the others: left at 0
            }
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int q = c; q <= p; q++) {
                        m[r][q] -= f * m[c][q];
                    }
                }
            }
        }
        double[] z = new double[n];
        for (int r = 0; r < p; r++) {
            z[cols[r]] = Math.abs(m[r][r]) < 1e-14 ? 0 : m[r][p] / m[r][r];
        }
        return z;
    }
}
