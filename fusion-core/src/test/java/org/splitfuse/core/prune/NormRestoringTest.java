package org.splitfuse.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NormRestoringTest {

    /** m x n coefficients: target j averages sources {@code from[j]} equally. */
    private static double[][] averaging(int n, int[][] from) {
        double[][] a = new double[from.length][n];
        for (int j = 0; j < from.length; j++) {
            for (int i : from[j]) {
                a[j][i] = 1.0 / from[j].length;
            }
        }
        return a;
    }

    private static double[][] summing(double[][] average) {
        double[][] s = new double[average.length][];
        for (int j = 0; j < average.length; j++) {
            s[j] = average[j].clone();
            for (int i = 0; i < s[j].length; i++) {
                s[j][i] = s[j][i] > 0 ? 1 : 0;
            }
        }
        return s;
    }

    @Test
    void copiesKeepTheAverageAndOrthogonalRowsGetTheSquareRootOfTheirNumber() {
        double[][] rows = {{3, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 3}, {1, 2, 2, 0}, {1, 2, 2, 0}};
        double[][] average = averaging(6, new int[][] {{0, 1, 2, 3}, {4, 5}});
        double[] scale = NormRestoring.scales(average, rows, summing(average));
        assertArrayEquals(new double[] {2, 1}, scale, 1e-12);
    }

    @Test
    void theScaleStaysBetweenTheAverageAndThePapersSum() {
        // opposite rows cancel in the average: the norm ratio is unbounded, the paper's sum (2) caps it;
        // a target with a single source keeps it as it is
        double[][] rows = {{1, 0.01}, {-1, 0.01}, {0.5, 0.5}};
        double[][] average = averaging(3, new int[][] {{0, 1}, {2}});
        double[] scale = NormRestoring.scales(average, rows, summing(average));
        assertArrayEquals(new double[] {2, 1}, scale, 1e-12);
    }

    @Test
    void underWhiteInputsTheMergedPreActivationGetsTheMassWeightedSpreadOfItsSources() {
        Random rnd = new Random(7);
        int n = 5;
        int d = 40;
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                // partly shared direction, so the sources are correlated but not copies
                rows[i][k] = (i + 1) * (0.6 * Math.sin(k) + 0.8 * rnd.nextGaussian());
            }
        }
        double[][] average = {{0.5, 0.3, 0.2, 0, 0}, {0, 0, 0.1, 0.4, 0.5}};
        double[] scale = NormRestoring.scales(average, rows, summing(average));
        int samples = 200_000;
        double[] spread = new double[2];
        double[] sourceSpread = new double[n];
        for (int t = 0; t < samples; t++) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                x[k] = rnd.nextGaussian();
            }
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    z[i] += rows[i][k] * x[k];
                }
                sourceSpread[i] += z[i] * z[i];
            }
            for (int j = 0; j < 2; j++) {
                double merged = 0;
                for (int i = 0; i < n; i++) {
                    merged += scale[j] * average[j][i] * z[i];
                }
                spread[j] += merged * merged;
            }
        }
        for (int j = 0; j < 2; j++) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += average[j][i] * Math.sqrt(sourceSpread[i] / samples);
            }
            double actual = Math.sqrt(spread[j] / samples);
            assertEquals(1, actual / expected, 0.01, "target " + j + ": spread " + actual + " against " + expected);
        }
    }
}
