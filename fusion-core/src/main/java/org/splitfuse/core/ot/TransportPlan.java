package org.splitfuse.core.ot;

import java.util.Arrays;

/**
 * A transport plan between n sources and m targets, stored sparsely: only entries with a
 * positive amount are kept. Immutable.
 */
public final class TransportPlan {

    /** Receives one plan entry: {@code amount} moves from {@code source} to {@code target}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(int source, int target, double amount);
    }

    private final int sourceCount;
    private final int targetCount;
    private final int[] sources;
    private final int[] targets;
    private final double[] amounts;
    private final double objective;
    private final boolean converged;
    private final int iterations;

    /**
     * @param sources, targets, amounts parallel arrays of the non-zero entries (not copied)
     * @param objective the transport cost {@code sum amount * cost[source][target]}
     * @param converged whether the solver met its stopping criterion
     * @param iterations pivots (exact solver) or sweeps (Sinkhorn) performed
     */
    TransportPlan(int sourceCount, int targetCount, int[] sources, int[] targets, double[] amounts,
                  double objective, boolean converged, int iterations) {
        this.sourceCount = sourceCount;
        this.targetCount = targetCount;
        this.sources = sources;
        this.targets = targets;
        this.amounts = amounts;
        this.objective = objective;
        this.converged = converged;
        this.iterations = iterations;
    }

    /** Number of sources n (rows). */
    public int sourceCount() {
        return sourceCount;
    }

    /** Number of targets m (columns). */
    public int targetCount() {
        return targetCount;
    }

    /** Number of stored (positive) entries; at most n + m - 1 for the exact solver. */
    public int entryCount() {
        return amounts.length;
    }

    public int source(int entry) {
        return sources[entry];
    }

    public int target(int entry) {
        return targets[entry];
    }

    public double amount(int entry) {
        return amounts[entry];
    }

    /** The transport cost {@code <plan, cost>} (for Sinkhorn: without the entropy term). */
    public double objective() {
        return objective;
    }

    /** Always true for the exact solver; for Sinkhorn, whether the tolerance was met. */
    public boolean converged() {
        return converged;
    }

    /** Pivots (exact solver) or Sinkhorn sweeps performed. */
    public int iterations() {
        return iterations;
    }

    public void forEach(EntryVisitor visitor) {
        for (int k = 0; k < amounts.length; k++) {
            visitor.visit(sources[k], targets[k], amounts[k]);
        }
    }

    /** The plan as a dense n x m matrix. */
    public double[][] toDense() {
        double[][] dense = new double[sourceCount][targetCount];
        forEach((i, j, amount) -> dense[i][j] += amount);
        return dense;
    }

    /** Mass leaving each source: the plan's row sums. */
    public double[] sourceSums() {
        double[] sums = new double[sourceCount];
        forEach((i, j, amount) -> sums[i] += amount);
        return sums;
    }

    /** Mass arriving at each target: the plan's column sums. */
    public double[] targetSums() {
        double[] sums = new double[targetCount];
        forEach((i, j, amount) -> sums[j] += amount);
        return sums;
    }

    @Override
    public String toString() {
        return "TransportPlan[" + sourceCount + "x" + targetCount + ", entries=" + amounts.length
                + ", objective=" + objective + ", converged=" + converged + ", iterations=" + iterations
                + (amounts.length <= 8 ? ", amounts=" + Arrays.toString(amounts) : "") + "]";
    }
}
