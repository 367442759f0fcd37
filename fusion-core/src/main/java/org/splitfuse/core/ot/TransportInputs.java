package org.splitfuse.core.ot;

/**
 * Checks a transport problem before solving. Rejected, with a message saying which: an empty side,
 * a cost matrix of the wrong shape, a NaN or infinite cost, a negative, NaN or infinite mass, a side
 * whose masses sum to zero, and mass sums that differ by more than {@link #SUM_TOLERANCE} relative
 * to the larger. Sums within the tolerance are accepted; the solvers then scale the target masses to
 * the source total, so the plan's row sums equal the source masses.
 */
public final class TransportInputs {

    /** Relative tolerance on the difference of the two mass sums. */
    public static final double SUM_TOLERANCE = 1e-9;

    private TransportInputs() {
    }

    /** Returns the target masses scaled to the source total. */
    static double[] validate(double[] sourceMass, double[] targetMass, double[][] cost) {
        if (sourceMass == null || sourceMass.length == 0) {
            throw new IllegalArgumentException("source side is empty");
        }
        if (targetMass == null || targetMass.length == 0) {
            throw new IllegalArgumentException("target side is empty");
        }
        int n = sourceMass.length;
        int m = targetMass.length;
        if (cost == null || cost.length != n) {
            throw new IllegalArgumentException("cost has " + (cost == null ? 0 : cost.length) + " rows, expected " + n
                    + " (one per source)");
        }
        for (int i = 0; i < n; i++) {
            if (cost[i] == null || cost[i].length != m) {
                throw new IllegalArgumentException("cost row " + i + " has " + (cost[i] == null ? 0 : cost[i].length)
                        + " columns, expected " + m + " (one per target)");
            }
            for (int j = 0; j < m; j++) {
                double c = cost[i][j];
                if (Double.isNaN(c)) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is NaN");
                }
                if (Double.isInfinite(c)) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is infinite");
                }
            }
        }
        double sourceSum = checkedSum(sourceMass, "sourceMass");
        double targetSum = checkedSum(targetMass, "targetMass");
        if (Math.abs(sourceSum - targetSum) > SUM_TOLERANCE * Math.max(sourceSum, targetSum)) {
            throw new IllegalArgumentException("mass sums differ: source " + sourceSum + " vs target " + targetSum
                    + " (relative tolerance " + SUM_TOLERANCE + ")");
        }
        double[] scaled = targetMass.clone();
        if (sourceSum != targetSum) {
            double f = sourceSum / targetSum;
            for (int j = 0; j < m; j++) {
                scaled[j] *= f;
            }
        }
        return scaled;
    }

    private static double checkedSum(double[] mass, String name) {
        double sum = 0;
        for (int i = 0; i < mass.length; i++) {
            double v = mass[i];
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v);
            }
            if (v < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is negative");
            }
            sum += v;
        }
        if (sum == 0) {
            throw new IllegalArgumentException(name + " sums to zero");
        }
        return sum;
    }
}
