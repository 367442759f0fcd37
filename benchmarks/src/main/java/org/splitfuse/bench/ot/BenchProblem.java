package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

/** One benchmark instance: dense uniform random costs in [0, 1) and one kind of marginals. */
record BenchProblem(int n, int m, Marginals marginals, double[] source, double[] target, double[][] cost) {

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

    static BenchProblem generate(int n, int m, Marginals marginals, long seed) {
        Random random = new Random(seed);
        double[][] cost = new double[n][m];
        for (double[] row : cost) {
            for (int j = 0; j < m; j++) {
                row[j] = random.nextDouble();
            }
        }
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
        return new BenchProblem(n, m, marginals, source, target, cost);
    }

    String label() {
        return n + "x" + m + " " + marginals.label();
    }

    /** Writes n, m (int64) and the masses and costs (float64), little-endian, for pot_emd.py. */
    void writeTo(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 + 8 * (n + m + n * m)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(n).putLong(m);
        for (double value : source) {
            buffer.putDouble(value);
        }
        for (double value : target) {
            buffer.putDouble(value);
        }
        for (double[] row : cost) {
            for (double value : row) {
                buffer.putDouble(value);
            }
        }
        buffer.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
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
