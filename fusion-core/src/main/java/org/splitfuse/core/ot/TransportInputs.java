package org.splitfuse.core.ot;

/**
 * Checks the arguments of {@link TransportSolver#solve} and throws
 * {@link IllegalArgumentException} with a message that names the problem.
 *
 * <p>Rejected: null arrays, an empty side, a cost matrix whose shape does not match the
 * masses, NaN or infinite costs, NaN, infinite or negative masses, and mass totals that
 * differ by more than {@link #MASS_SUM_TOLERANCE} relative to the larger total.
 */
public final class TransportInputs {

    /**
     * Largest accepted relative difference between the source and target mass totals:
     * {@code |sum(source) - sum(target)| <= MASS_SUM_TOLERANCE * max(sum(source), sum(target))}.
     * It admits the rounding of independently normalised vectors, not modelling errors.
     */
    public static final double MASS_SUM_TOLERANCE = 1e-9;

    private TransportInputs() {
    }

    /**
     * Validates one transport problem.
     *
     * @return the largest absolute cost, a scale that solvers use for their tolerances
     * @throws IllegalArgumentException naming the first problem found
     */
    public static double validate(double[] sourceMass, double[] targetMass, double[][] cost) {
        requireNonNull(sourceMass, "sourceMass");
        requireNonNull(targetMass, "targetMass");
        requireNonNull(cost, "cost");
        if (sourceMass.length == 0) {
            throw new IllegalArgumentException("source side is empty");
        }
        if (targetMass.length == 0) {
            throw new IllegalArgumentException("target side is empty");
        }
        double sourceSum = checkMasses(sourceMass, "sourceMass");
        double targetSum = checkMasses(targetMass, "targetMass");
        double largest = Math.max(sourceSum, targetSum);
        if (Math.abs(sourceSum - targetSum) > MASS_SUM_TOLERANCE * largest) {
            throw new IllegalArgumentException("mass sums differ: source " + sourceSum + " vs target "
                    + targetSum + " (relative tolerance " + MASS_SUM_TOLERANCE + ")");
        }
        return checkCosts(cost, sourceMass.length, targetMass.length);
    }

    /** Sum of {@code mass}; the caller has validated it. */
    static double sum(double[] mass) {
        double total = 0;
        for (double value : mass) {
            total += value;
        }
        return total;
    }

    private static double checkMasses(double[] mass, String name) {
        for (int i = 0; i < mass.length; i++) {
            double value = mass[i];
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException(name + "[" + i + "] is NaN");
            }
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + value + " is infinite");
            }
            if (value < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + value + " is negative");
            }
        }
        double total = sum(mass);
        if (Double.isInfinite(total)) {
            throw new IllegalArgumentException(name + " sums to infinity");
        }
        return total;
    }

    private static double checkCosts(double[][] cost, int rows, int cols) {
        if (cost.length != rows) {
            throw new IllegalArgumentException(
                    "cost has " + cost.length + " rows, expected " + rows + " (one per source)");
        }
        double largest = 0;
        for (int i = 0; i < rows; i++) {
            double[] row = cost[i];
            requireNonNull(row, "cost[" + i + "]");
            if (row.length != cols) {
                throw new IllegalArgumentException(
                        "cost[" + i + "] has " + row.length + " columns, expected " + cols + " (one per target)");
            }
            for (int j = 0; j < cols; j++) {
                double magnitude = Math.abs(row[j]);
                if (!(magnitude <= Double.MAX_VALUE)) { // one test for NaN and infinity
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] "
                            + (Double.isNaN(row[j]) ? "is NaN" : "= " + row[j] + " is infinite"));
                }
                if (magnitude > largest) {
                    largest = magnitude;
                }
            }
        }
        return largest;
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
    }
}
