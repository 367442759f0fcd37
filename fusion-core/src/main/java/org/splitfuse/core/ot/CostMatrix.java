package org.splitfuse.core.ot;

/**
 * Transport costs between two sets of vectors: entry (i, j) is the distance between row i of
 * the sources and row j of the targets. What Intra-Fusion (pairing vectors) and fusion (weights
 * or activations) both solve.
 */
public final class CostMatrix {

    private CostMatrix() {
    }

    /** Euclidean distances. */
    public static double[][] euclidean(double[][] sources, double[][] targets) {
        return minkowski(sources, targets, 2);
    }

    /** p-norm distances, p >= 1. */
    public static double[][] minkowski(double[][] sources, double[][] targets, double p) {
        double[][] c = new double[sources.length][targets.length];
        for (int i = 0; i < sources.length; i++) {
            for (int j = 0; j < targets.length; j++) {
                c[i][j] = distance(sources[i], targets[j], p);
            }
        }
        return c;
    }

    private static double distance(double[] x, double[] y, double p) {
        double s = 0;
        if (p == 1) {
            for (int k = 0; k < x.length; k++) {
                s += Math.abs(x[k] - y[k]);
            }
            return s;
        }
        if (p == 2) {
            for (int k = 0; k < x.length; k++) {
                double d = x[k] - y[k];
                s += d * d;
            }
            return Math.sqrt(s);
        }
        for (int k = 0; k < x.length; k++) {
            s += Math.pow(Math.abs(x[k] - y[k]), p);
        }
        return Math.pow(s, 1 / p);
    }
}
