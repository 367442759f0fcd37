package org.splitfuse.core.data;

import java.io.Serializable;
import java.util.Arrays;

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1]. */
public record ChannelStats(double[] mean, double[] std) implements Serializable {

    public ChannelStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one entry per channel");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("standard deviations must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Statistics of a data set (normally the training set; the test set reuses them). */
    public static ChannelStats of(LabeledImages data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no examples to compute channel statistics from");
        }
        int c = data.shape().channels();
        int plane = data.shape().height() * data.shape().width();
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        byte[] px = data.pixels();
        for (int i = 0; i < data.size(); i++) {
            int base = i * c * plane;
            for (int ch = 0; ch < c; ch++) {
                long s = 0;
                long sq = 0;
                int off = base + ch * plane;
                for (int p = 0; p < plane; p++) {
                    int v = px[off + p] & 0xff;
                    s += v;
                    sq += (long) v * v;
                }
                sum[ch] += s;
                sumSq[ch] += sq;
            }
        }
        double count = (double) data.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count;
            mean[ch] = m / 255.0;
            std[ch] = Math.sqrt(Math.max(sumSq[ch] / count - m * m, 1e-12)) / 255.0;
        }
        return new ChannelStats(mean, std);
    }

    public static ChannelStats identity(int channels) {
        double[] zeros = new double[channels];
        double[] ones = new double[channels];
        Arrays.fill(ones, 1.0);
        return new ChannelStats(zeros, ones);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    // a record compares and prints arrays by identity; these statistics are compared by value
    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
