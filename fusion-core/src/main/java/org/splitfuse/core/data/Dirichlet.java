package org.splitfuse.core.data;

import java.util.SplittableRandom;

/** Dirichlet sampling through Gamma variates (Marsaglia-Tsang, with the alpha < 1 boost). */
final class Dirichlet {

    private Dirichlet() {
    }

    static double[] sample(double alpha, int k, SplittableRandom random) {
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            g[i] = gamma(alpha, random);
            sum += g[i];
        }
        if (sum == 0) {
            // every draw underflowed (tiny alpha): all mass on one random shard
            g[random.nextInt(k)] = 1;
            sum = 1;
        }
        for (int i = 0; i < k; i++) {
            g[i] /= sum;
        }
        return g;
    }

    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a)
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
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
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
