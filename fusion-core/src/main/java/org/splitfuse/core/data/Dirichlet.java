package org.splitfuse.core.data;

import java.util.SplittableRandom;

/**
 * Dirichlet sampling through Gamma variates (Marsaglia-Tsang, with the alpha < 1 boost). The
 * Gamma variates are combined in log space: for small alpha they underflow to 0 as plain doubles
 * (U^(1/alpha) with alpha = 0.01 is below 1e-300 for most U), which would lose the sample.
 */
final class Dirichlet {

    private Dirichlet() {
    }

    /** Proportions over {@code k} parts, drawn from the symmetric Dirichlet(alpha). */
    static double[] sample(double alpha, int k, SplittableRandom random) {
        double[] p = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            p[i] = logGamma(alpha, random);
            max = Math.max(max, p[i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(p[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The logarithm of a Gamma(shape, 1) variate. */
    static double logGamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a); U in (0, 1] so that the log is finite
            return Math.log(gamma(shape + 1, random)) + Math.log(1 - random.nextDouble()) / shape;
        }
        return Math.log(gamma(shape, random));
    }

    /** A Gamma(shape, 1) variate for shape >= 1 (Marsaglia and Tsang, 2000). */
    private static double gamma(double shape, SplittableRandom random) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller written out (U1 in (0, 1]) rather than RandomGenerator.nextGaussian, whose
        // algorithm is the JDK's to change: a seed must give the same shards on every JDK
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
