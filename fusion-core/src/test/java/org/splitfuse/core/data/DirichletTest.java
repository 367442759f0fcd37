package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Moments of the samplers against their closed forms. */
class DirichletTest {

    private static final int DRAWS = 40_000;

    @Test
    void gammaVariatesHaveMeanAndVarianceEqualToTheShape() {
        SplittableRandom random = new SplittableRandom(5);
        for (double shape : new double[] {0.2, 1.0, 3.5}) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < DRAWS; i++) {
                double g = Math.exp(Dirichlet.logGamma(shape, random));
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / DRAWS;
            double variance = sumSq / DRAWS - mean * mean;
            assertEquals(shape, mean, 0.03 * Math.max(1, shape), "mean for shape " + shape);
            assertEquals(shape, variance, 0.08 * shape, "variance for shape " + shape);
        }
    }

    @Test
    void dirichletComponentsHaveTheKnownMeanAndVariance() {
        // symmetric Dirichlet(alpha) over k parts: E p = 1/k, Var p = (1/k)(1 - 1/k) / (k alpha + 1)
        SplittableRandom random = new SplittableRandom(6);
        int k = 4;
        for (double alpha : new double[] {0.1, 0.5, 5}) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < DRAWS; i++) {
                double[] p = Dirichlet.sample(alpha, k, random);
                sum += p[0];
                sumSq += p[0] * p[0];
            }
            double mean = sum / DRAWS;
            double variance = sumSq / DRAWS - mean * mean;
            double expected = 0.25 * 0.75 / (k * alpha + 1);
            assertEquals(0.25, mean, 0.01, "mean for alpha " + alpha);
            assertEquals(expected, variance, 0.05 * expected, "variance for alpha " + alpha);
        }
    }

    @Test
    void tinyAlphaGivesValidNearlyOneHotProportions() {
        // E sum p_i^2 = (1 - 1/k) / (k alpha + 1) + 1/k: 0.99602 for alpha = 0.001, k = 5
        SplittableRandom random = new SplittableRandom(7);
        double sumOfSquares = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            double[] p = Dirichlet.sample(0.001, 5, random);
            double sum = 0;
            for (double v : p) {
                assertTrue(v >= 0 && Double.isFinite(v), "component " + v);
                sum += v;
                sumOfSquares += v * v;
            }
            assertEquals(1.0, sum, 1e-12);
        }
        assertEquals(0.8 / 1.005 + 0.2, sumOfSquares / draws, 0.003);
    }
}
