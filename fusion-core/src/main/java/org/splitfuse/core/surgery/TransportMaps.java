package org.splitfuse.core.surgery;

import org.splitfuse.core.ot.TransportPlan;

/**
 * Merge coefficients from an OT plan T (n sources x m targets, dense): the m x n matrices a
 * {@link ChannelMap} applies. Intra-Fusion and fusion both turn their plans into maps here.
 */
public final class TransportMaps {

    private TransportMaps() {
    }

    /** diag(1/nu) T^T: each target the nu-weighted average of what it receives (for a permutation plan, the permutation). */
    public static double[][] perTargetAverage(double[][] plan, double[] nu) {
        int n = plan.length;
        int m = nu.length;
        double[][] a = new double[m][n];
        for (int s = 0; s < n; s++) {
            for (int e = 0; e < m; e++) {
                a[e][s] = nu[e] > 0 ? plan[s][e] / nu[e] : 0;
            }
        }
        return a;
    }

    /** T^T diag(1/mu): each source split over the targets in the shares the plan sends it. */
    public static double[][] perSourceSplit(double[][] plan, double[] mu) {
        int n = plan.length;
        int m = plan[0].length;
        double[][] a = new double[m][n];
        for (int s = 0; s < n; s++) {
            for (int e = 0; e < m; e++) {
                a[e][s] = mu[s] > 0 ? plan[s][e] / mu[s] : 0;
            }
        }
        return a;
    }

    /** Producers and consumers both averaged per target (fusion's alignment). */
    public static ChannelMap averaging(TransportPlan plan) {
        double[][] a = perTargetAverage(plan.toDense(), plan.targetSums());
        return ChannelMap.merging(a, a);
    }
}
