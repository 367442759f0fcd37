package org.splitfuse.core.ot;

/**
 * Checks the arguments of {@link TransportSolver#solve} and throws
 * {@link IllegalArgumentException} with a message that names the problem.
 *
 * <p>Rejected: null arrays, an empty side, a cost matrix whose shape does not match the
 * masses, NaN or infinite costs or costs beyond {@link #MAX_COST_MAGNITUDE}, NaN, infinite
 * or negative masses (or masses summing to infinity), and mass totals that differ by more
 * than {@link #MASS_SUM_TOLERANCE} relative to the larger total.
 */
public final class TransportInputs {

    /**
     * Largest accepted relative difference between the source and target mass totals:
     * {@code |sum(source) - sum(target)| <= MASS_SUM_TOLERANCE * max(sum(source), sum(target))}.
     * It admits the rounding of independently normalised vectors, not modelling errors.
     */
    public static final double MASS_SUM_TOLERANCE = 1e-9;

    /**
     * Largest accepted |cost|. Solvers add and subtract costs along paths of up to n + m
     * arcs; this bound keeps those sums far from overflow.
     */
    public static final double MAX_COST_MAGNITUDE = 1e150;

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
                if (!(magnitude <= MAX_COST_MAGNITUDE)) { // one test for NaN, infinity and excess
                    throw new IllegalArgumentException(costProblem(i, j, row[j]));
                }
                if (magnitude > largest) {
                    largest = magnitude;
                }
            }
        }
        return largest;
    }

    private static String costProblem(int i, int j, double value) {
        String entry = "cost[" + i + "][" + j + "]";
        if (Double.isNaN(value)) {
            return entry + " is NaN";
        }
        if (Double.isInfinite(value)) {
            return entry + " = " + value + " is infinite";
        }
        return entry + " = " + value + " exceeds " + MAX_COST_MAGNITUDE
                + " in magnitude (sums of such costs can overflow; rescale the costs)";
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
    }
}
