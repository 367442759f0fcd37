package org.splitfuse.bench.scaling;

/**
 * One stage's terms, each multiplied by a fitted coefficient ({@link Term}) to give seconds, and the
 * bytes over its bottleneck link.
 *
 * @param x     the value of each {@link Term}, in its order
 * @param bytes bytes over the bottleneck link (the driver's, for sync-dp-gs a Worker's)
 */
record StageTerms(String stage, double[] x, double bytes) {

    double seconds(double[] coefficients) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += coefficients[i] * x[i];
        }
        return s;
    }
}
