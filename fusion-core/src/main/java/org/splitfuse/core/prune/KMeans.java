package org.splitfuse.core.prune;

import java.util.SplittableRandom;

/** Lloyd's k-means with k-means++ seeding, deterministic for a seed: cluster centroids as Intra-Fusion targets. */
final class KMeans {

    private KMeans() {
    }

    static double[][] centroids(double[][] points, int k, long seed, int iterations) {
        int n = points.length;
        int d = points[0].length;
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[k][];
        centres[0] = points[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squared(points[i], centres[c - 1]));
                total += nearest[i];
            }
            double pick = random.nextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                pick -= nearest[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            centres[c] = points[chosen].clone();
        }
        int[] assignment = new int[n];
        for (int it = 0; it < iterations; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double dist = squared(points[i], centres[c]);
                    if (dist < bestDistance) {
                        bestDistance = dist;
                        best = c;
                    }
                }
                changed |= assignment[i] != best || it == 0;
                assignment[i] = best;
            }
            if (!changed) {
                break;
            }
            double[][] sums = new double[k][d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[assignment[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[assignment[i]][j] += points[i][j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        sums[c][j] /= counts[c];
                    }
                    centres[c] = sums[c];
                }
            }
        }
        return centres;
    }

    static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            s += x * x;
        }
        return s;
    }
}
