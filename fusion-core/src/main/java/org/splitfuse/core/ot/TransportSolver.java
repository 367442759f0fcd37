package org.splitfuse.core.ot;

/**
 * Optimal transport between two discrete distributions: the plan T >= 0 with row sums equal to
 * the source masses and column sums equal to the target masses that minimises sum T[i][j] C[i][j].
 * Inputs are checked by {@link TransportInputs}.
 */
public interface TransportSolver {

    TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost);

    /** Exact earth mover's distance by network simplex. */
    static TransportSolver exact() {
        return new NetworkSimplex();
    }

    /** Entropic OT (log-domain Sinkhorn) with regularisation {@code reg}, tolerance 1e-9, at most 10,000 iterations. */
    static TransportSolver sinkhorn(double reg) {
        return new LogSinkhorn(reg, 1e-9, 10_000);
    }
}
