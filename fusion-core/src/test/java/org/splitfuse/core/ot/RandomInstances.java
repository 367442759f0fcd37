package org.splitfuse.core.ot;

import java.util.Random;

/** Seeded random transport problems, including the degenerate kinds that make simplex methods cycle. */
final class RandomInstances {

    enum CostKind {
        /** Uniform in [0, scale). */
        CONTINUOUS,
        /** Uniform in [-scale, scale). */
        SIGNED,
        /** scale times 0, 1, 2 or 3: many ties. */
        TIED,
        CONSTANT
    }

    enum MassKind {
        /** Random weights, about a fifth of them zero, normalised to sum 1. */
        RANDOM_WITH_ZEROS,
        /** Small integers over a common total: equal partial sums, so degenerate bases. */
        INTEGER_COUNTS,
        UNIFORM
    }

    private RandomInstances() {
    }

    static double[][] cost(Random random, int n, int m, CostKind kind, double scale) {
        double[][] cost = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                cost[i][j] = switch (kind) {
                    case CONTINUOUS -> scale * random.nextDouble();
                    case SIGNED -> scale * (2 * random.nextDouble() - 1);
                    case TIED -> scale * random.nextInt(4);
                    case CONSTANT -> scale;
                };
            }
        }
        return cost;
    }

    /**
     * Euclidean distances between n and m independent standard normal points in R^d, times
     * scale: the kind of cost that fusion and Intra-Fusion solve. In high dimension the
     * distances concentrate around sqrt(2d), so many arcs cost nearly the same.
     */
    static double[][] euclidean(Random random, int n, int m, int d, double scale) {
        return distances(gaussianPoints(random, n, d), gaussianPoints(random, m, d), scale);
    }

    static double[][] gaussianPoints(Random random, int count, int d) {
        double[][] points = new double[count][d];
        for (double[] point : points) {
            for (int k = 0; k < d; k++) {
                point[k] = random.nextGaussian();
            }
        }
        return points;
    }

    static double[][] distances(double[][] x, double[][] y, double scale) {
        double[][] cost = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                double sum = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double diff = x[i][k] - y[j][k];
                    sum += diff * diff;
                }
                cost[i][j] = scale * Math.sqrt(sum);
            }
        }
        return cost;
    }

    /** Log-normal weights exp(0.5 N(0,1)), normalised: like Intra-Fusion's importance marginals. */
    static double[] importance(Random random, int size) {
        double[] mass = new double[size];
        for (int k = 0; k < size; k++) {
            mass[k] = Math.exp(0.5 * random.nextGaussian());
        }
        return normalise(mass);
    }

    /** A pair {source, target} of masses with equal totals (up to rounding). */
    static double[][] masses(Random random, int n, int m, MassKind kind) {
        return switch (kind) {
            case RANDOM_WITH_ZEROS -> new double[][] {randomWithZeros(random, n), randomWithZeros(random, m)};
            case INTEGER_COUNTS -> integerCounts(random, n, m);
            case UNIFORM -> new double[][] {uniform(n), uniform(m)};
        };
    }

    private static double[] randomWithZeros(Random random, int size) {
        double[] mass = new double[size];
        for (int k = 0; k < size; k++) {
            mass[k] = random.nextDouble() < 0.2 ? 0 : random.nextDouble();
        }
        mass[random.nextInt(size)] += 0.5; // never all zero
        return normalise(mass);
    }

    private static double[][] integerCounts(Random random, int n, int m) {
        double[] source = new double[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            source[i] = random.nextInt(4);
            total += (int) source[i];
        }
        if (total == 0) {
            source[0] = 1;
            total = 1;
        }
        double[] target = new double[m];
        for (int unit = 0; unit < total; unit++) {
            target[random.nextInt(m)]++;
        }
        for (int i = 0; i < n; i++) {
            source[i] /= total;
        }
        for (int j = 0; j < m; j++) {
            target[j] /= total;
        }
        return new double[][] {source, target};
    }

    private static double[] uniform(int size) {
        double[] mass = new double[size];
        java.util.Arrays.fill(mass, 1.0 / size);
        return mass;
    }

    private static double[] normalise(double[] mass) {
        double total = 0;
        for (double value : mass) {
            total += value;
        }
        for (int k = 0; k < mass.length; k++) {
            mass[k] /= total;
        }
        return mass;
    }
}
