package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.splitfuse.core.InputError;
import org.splitfuse.core.ot.TransportProblemFile;

/**
 * One benchmark instance: its costs (generated from a {@link CostKind} or read from a file),
 * one kind of marginals, and labels for both.
 */
record BenchProblem(int n, int m, String costKind, String marginals, double[] source, double[] target, double[][] cost) {

    enum Marginals {
        /** 1/n and 1/m, the paper's default. */
        UNIFORM,
        /**
         * Like Intra-Fusion's importance marginals: sources weighted by log-normal importance
         * scores, targets by the m largest of those scores (the kept neurons; fresh scores if
         * m > n), each normalised.
         */
        IMPORTANCE;

        String label() {
            return name().toLowerCase();
        }
    }

    /**
     * How costs are generated. {@code random}: independent uniform in [0, 1), the earlier
     * benchmark. {@code euclid-dD}: euclidean distances between n and m independent standard
     * normal points in R^D, the kind of matrix that fusion and Intra-Fusion solve (distances
     * between weight or activation vectors).
     */
    record CostKind(String label, int dimension) {

        static final CostKind RANDOM = new CostKind("random", 0);

        static CostKind parse(String text) {
            String kind = text.trim().toLowerCase();
            if (kind.equals(RANDOM.label)) {
                return RANDOM;
            }
            if (kind.startsWith("euclid-d")) {
                try {
                    int dimension = Integer.parseInt(kind.substring("euclid-d".length()));
                    if (dimension >= 1) {
                        return new CostKind(kind, dimension);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new InputError("unknown cost kind '" + text + "' (random or euclid-dD with D >= 1, e.g. euclid-d64)");
        }
    }

    static BenchProblem generate(int n, int m, Marginals marginals, long seed) {
        return generate(n, m, CostKind.RANDOM, marginals, seed);
    }

    static BenchProblem generate(int n, int m, CostKind kind, Marginals marginals, long seed) {
        // random costs keep the earlier seeding, so that their matrices are those of earlier runs
        Random random = new Random(kind.dimension() == 0 ? seed : seed ^ (0x9E3779B97F4A7C15L * kind.dimension()));
        double[][] cost = kind.dimension() == 0 ? uniformCosts(random, n, m) : euclideanCosts(random, n, m, kind.dimension());
        double[][] masses = masses(random, n, m, marginals);
        return new BenchProblem(n, m, kind.label(), marginals.label(), masses[0], masses[1], cost);
    }

    /** A problem file as {@link TransportProblemFile} writes it (masses included); labelled {@code file:NAME}. */
    static BenchProblem read(Path file) throws IOException {
        TransportProblemFile.Problem problem = TransportProblemFile.read(file);
        return new BenchProblem(problem.source().length, problem.target().length, fileLabel(file), "file",
                problem.source(), problem.target(), problem.cost());
    }

    /**
     * A problem dumped from a real run ({@code ot-bench --make-dumps}): its cost kind is the file
     * name without .bin (e.g. {@code intra-fusion:vgg11-bn-w1:features.25}); marginals
     * {@code uniform} when both sides are, else {@code given}.
     */
    static BenchProblem readDump(Path file) throws IOException {
        TransportProblemFile.Problem problem = TransportProblemFile.read(file);
        String name = file.getFileName().toString();
        String kind = (name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name).replace(',', '_');
        String marginals = isUniform(problem.source()) && isUniform(problem.target()) ? "uniform" : "given";
        return new BenchProblem(problem.source().length, problem.target().length, kind, marginals, problem.source(),
                problem.target(), problem.cost());
    }

    private static boolean isUniform(double[] mass) {
        for (double v : mass) {
            if (Math.abs(v - mass[0]) > 1e-12 * Math.abs(mass[0])) {
                return false;
            }
        }
        return true;
    }

    /** A cost matrix from a .npy file (see {@link NpyMatrix}) with generated marginals. */
    static BenchProblem fromCostMatrix(Path file, Marginals marginals, long seed) throws IOException {
        double[][] cost = NpyMatrix.read(file);
        double[][] masses = masses(new Random(seed), cost.length, cost[0].length, marginals);
        return new BenchProblem(cost.length, cost[0].length, fileLabel(file), marginals.label(), masses[0], masses[1], cost);
    }

    private static String fileLabel(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return "file:" + (dot > 0 ? name.substring(0, dot) : name).replace(',', '_');
    }

    String label() {
        return n + "x" + m + " " + costKind + " " + marginals;
    }

    void writeTo(Path file) throws IOException {
        TransportProblemFile.write(file, source, target, cost);
    }

    private static double[][] uniformCosts(Random random, int n, int m) {
        double[][] cost = new double[n][m];
        for (double[] row : cost) {
            for (int j = 0; j < m; j++) {
                row[j] = random.nextDouble();
            }
        }
        return cost;
    }

    private static double[][] euclideanCosts(Random random, int n, int m, int d) {
        double[][] x = gaussianPoints(random, n, d);
        double[][] y = gaussianPoints(random, m, d);
        double[][] cost = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            for (int j = 0; j < m; j++) {
                double[] yj = y[j];
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    double diff = xi[k] - yj[k];
                    sum += diff * diff;
                }
                cost[i][j] = Math.sqrt(sum);
            }
        }
        return cost;
    }

    private static double[][] gaussianPoints(Random random, int count, int d) {
        double[][] points = new double[count][d];
        for (double[] point : points) {
            for (int k = 0; k < d; k++) {
                point[k] = random.nextGaussian();
            }
        }
        return points;
    }

    private static double[][] masses(Random random, int n, int m, Marginals marginals) {
        double[] source = new double[n];
        double[] target = new double[m];
        if (marginals == Marginals.UNIFORM) {
            Arrays.fill(source, 1.0 / n);
            Arrays.fill(target, 1.0 / m);
        } else {
            for (int i = 0; i < n; i++) {
                source[i] = importanceScore(random);
            }
            if (m <= n) {
                double[] sorted = source.clone();
                Arrays.sort(sorted);
                System.arraycopy(sorted, n - m, target, 0, m);
            } else {
                for (int j = 0; j < m; j++) {
                    target[j] = importanceScore(random);
                }
            }
            normalise(source);
            normalise(target);
        }
        return new double[][] {source, target};
    }

    private static double importanceScore(Random random) {
        return Math.exp(0.5 * random.nextGaussian());
    }

    private static void normalise(double[] mass) {
        double total = Arrays.stream(mass).sum();
        for (int k = 0; k < mass.length; k++) {
            mass[k] /= total;
        }
    }
}
