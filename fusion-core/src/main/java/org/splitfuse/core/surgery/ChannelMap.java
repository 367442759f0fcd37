package org.splitfuse.core.surgery;

import java.util.Arrays;

/**
 * How one group's n channels become m: out-channel rows of every producer are replaced by
 * {@code producer x rows} (m x n), in-channel columns of every consumer by {@code columns x consumer^T}.
 * Default pruning is the special case of a selection (one-hot rows, the same for both sides);
 * Intra-Fusion and model fusion supply dense maps to the same surgery.
 */
public final class ChannelMap {

    private final int sourceCount;
    private final int[] kept;
    private final double[][] producer;
    private final double[][] consumer;

    private ChannelMap(int sourceCount, int[] kept, double[][] producer, double[][] consumer) {
        this.sourceCount = sourceCount;
        this.kept = kept;
        this.producer = producer;
        this.consumer = consumer;
    }

    /** Keeps the given channels (in the given order) and drops the rest. */
    public static ChannelMap selection(int n, int[] kept) {
        if (kept.length < 1 || kept.length > n) {
            throw new IllegalArgumentException("a selection keeps 1.." + n + " channels, got " + kept.length);
        }
        boolean[] seen = new boolean[n];
        for (int k : kept) {
            if (k < 0 || k >= n || seen[k]) {
                throw new IllegalArgumentException("bad or repeated channel " + k + " in a selection of " + n);
            }
            seen[k] = true;
        }
        return new ChannelMap(n, kept.clone(), null, null);
    }

    public static ChannelMap identity(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return selection(n, all);
    }

    /** A merging map: both matrices m x n; producers and consumers may differ (function-preserving merges). */
    public static ChannelMap merging(double[][] producer, double[][] consumer) {
        int m = producer.length;
        if (m < 1 || consumer.length != m) {
            throw new IllegalArgumentException("producer and consumer maps need the same m >= 1 rows");
        }
        int n = producer[0].length;
        for (int r = 0; r < m; r++) {
            if (producer[r].length != n || consumer[r].length != n) {
                throw new IllegalArgumentException("channel map rows must all have " + n + " columns");
            }
            for (int c = 0; c < n; c++) {
                if (!Double.isFinite(producer[r][c]) || !Double.isFinite(consumer[r][c])) {
                    throw new IllegalArgumentException("channel map entry (" + r + ", " + c + ") is not finite");
                }
            }
        }
        return new ChannelMap(n, null, deepCopy(producer), deepCopy(consumer));
    }

    public int sourceCount() {
        return sourceCount;
    }

    public int targetCount() {
        return kept != null ? kept.length : producer.length;
    }

    public boolean isSelection() {
        return kept != null;
    }

    /** The kept channels of a selection. */
    public int[] kept() {
        if (kept == null) {
            throw new IllegalStateException("a merging channel map keeps no subset of channels");
        }
        return kept.clone();
    }

    public double[][] producer() {
        return isSelection() ? oneHot() : deepCopy(producer);
    }

    public double[][] consumer() {
        return isSelection() ? oneHot() : deepCopy(consumer);
    }

    private double[][] oneHot() {
        double[][] m = new double[kept.length][sourceCount];
        for (int r = 0; r < kept.length; r++) {
            m[r][kept[r]] = 1;
        }
        return m;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
