package org.splitfuse.core.ot;

/**
 * A transport plan in coordinate form (only the non-zero entries), its objective sum T[i][j] C[i][j],
 * and whether the solver converged (always true for the exact solver).
 */
public final class TransportPlan {

    private final int n;
    private final int m;
    private final int[] rows;
    private final int[] cols;
    private final double[] values;
    private final double objective;
    private final boolean converged;
    private final int iterations;

    TransportPlan(int n, int m, int[] rows, int[] cols, double[] values, double objective, boolean converged,
                  int iterations) {
        this.n = n;
        this.m = m;
        this.rows = rows;
        this.cols = cols;
        this.values = values;
        this.objective = objective;
        this.converged = converged;
        this.iterations = iterations;
    }

    /** Number of sources (rows). */
    public int sources() {
        return n;
    }

    /** Number of targets (columns). */
    public int targets() {
        return m;
    }

    public int nonZeros() {
        return values.length;
    }

    public int row(int k) {
        return rows[k];
    }

    public int col(int k) {
        return cols[k];
    }

    public double value(int k) {
        return values[k];
    }

    public double objective() {
        return objective;
    }

    public boolean converged() {
        return converged;
    }

    /** Pivots (exact) or iterations (Sinkhorn). */
    public int iterations() {
        return iterations;
    }

    public double[][] toDense() {
        double[][] t = new double[n][m];
        for (int k = 0; k < values.length; k++) {
            t[rows[k]][cols[k]] += values[k];
        }
        return t;
    }

    public double[] rowSums() {
        double[] s = new double[n];
        for (int k = 0; k < values.length; k++) {
            s[rows[k]] += values[k];
        }
        return s;
    }

    public double[] colSums() {
        double[] s = new double[m];
        for (int k = 0; k < values.length; k++) {
            s[cols[k]] += values[k];
        }
        return s;
    }
}
