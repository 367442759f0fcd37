package org.splitfuse.core.ot;

/**
 * Solves a discrete optimal transport problem: move {@code sourceMass} onto {@code targetMass}
 * at minimum total cost, where moving one unit from source i to target j costs
 * {@code cost[i][j]}.
 *
 * <p>Inputs are checked by {@link TransportInputs#validate}; invalid inputs raise
 * {@link IllegalArgumentException} naming the offending entry. Target masses whose total
 * differs from the source total by at most {@link TransportInputs#MASS_SUM_TOLERANCE}
 * (relative) are rescaled to the source total. Solvers never modify their arguments.
 */
public interface TransportSolver {

    /**
     * @param sourceMass n non-negative masses (rows of the plan)
     * @param targetMass m non-negative masses (columns of the plan)
     * @param cost n x m finite costs
     * @return the transport plan and its cost {@code <plan, cost>}
     */
    TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost);

    /**
     * Exact optimal transport (earth mover's distance) by network simplex. With the system
     * property {@code splitfuse.ot.dump=DIR} every problem it solves is also written to DIR
     * (see {@link TransportProblemFile}), for ot-bench.
     */
    static TransportSolver exact() {
        return ProblemDump.wrapIfRequested(new NetworkSimplex());
    }

    /**
     * Entropic transport with regularisation {@code reg}, using the default tolerance and
     * iteration cap of {@link LogSinkhorn}.
     */
    static TransportSolver sinkhorn(double reg) {
        return new LogSinkhorn(reg);
    }
}
