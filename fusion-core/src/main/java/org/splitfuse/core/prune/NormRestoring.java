package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.TransportMaps;

/**
 * The data-free scale of {@link IntraFusionOptions.MergeMode#RESCALED}. Averaging k dissimilar
 * neurons shrinks the merged pre-activation (orthogonal rows of equal norm: by sqrt(k)); the paper's
 * sum scales it by k whatever the neurons are. Under white inputs a pre-activation's spread is its
 * weight row's norm, so scaling the averaged row w'_j = sum_i P_ji w_i by
 * c_j = (sum_i P_ji ||w_i||) / ||w'_j|| gives the merged neuron the mass-weighted spread of its
 * sources: 1 for exact copies (the preserving merge, which is then exact), sqrt(k) for orthogonal
 * ones. c_j is kept within [1, the paper's coefficient sum for j], between the two published modes.
 */
final class NormRestoring {

    private NormRestoring() {
    }

    /**
     * @param average the preserving merge (producer rows: per-target averages summing to 1)
     * @param weights the group's producer weight rows (n x d, all producers concatenated)
     * @param plan    the n x m transport plan; with {@code mu}, the paper's producer coefficients
     */
    static ChannelMap rescale(ChannelMap average, double[][] weights, double[][] plan, double[] mu) {
        double[][] producer = average.producer();
        double[] scale = scales(producer, weights, TransportMaps.perSourceSplit(plan, mu));
        for (int j = 0; j < producer.length; j++) {
            for (int i = 0; i < producer[j].length; i++) {
                producer[j][i] *= scale[j];
            }
        }
        return ChannelMap.merging(producer, average.consumer());
    }

    /** The clamped c_j for every target j. */
    static double[] scales(double[][] average, double[][] weights, double[][] paper) {
        int m = average.length;
        int n = weights.length;
        int d = weights[0].length;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = norm(weights[i]);
        }
        double[] scale = new double[m];
        for (int j = 0; j < m; j++) {
            double[] merged = new double[d];
            double target = 0;
            double paperSum = 0;
            for (int i = 0; i < n; i++) {
                double p = average[j][i];
                paperSum += paper[j][i];
                if (p != 0) {
                    target += p * norms[i];
                    for (int k = 0; k < d; k++) {
                        merged[k] += p * weights[i][k];
                    }
                }
            }
            double actual = norm(merged);
            double upper = Math.max(1, paperSum);
            scale[j] = actual > 0 ? Math.min(upper, Math.max(1, target / actual)) : 1;
        }
        return scale;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
