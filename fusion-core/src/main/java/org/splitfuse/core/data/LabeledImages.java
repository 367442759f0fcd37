package org.splitfuse.core.data;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.model.InputShape;

/**
 * Images with class labels, kept as raw unsigned bytes in NCHW C-order (a quarter of the memory
 * of floats, and what travels to Spark executors); normalisation is applied per mini-batch.
 */
public final class LabeledImages implements Serializable {

    private final byte[] pixels;
    private final int[] labels;
    private final InputShape shape;
    private final int numClasses;
    private final ChannelStats stats;

    public LabeledImages(byte[] pixels, int[] labels, InputShape shape, int numClasses, ChannelStats stats) {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixel bytes for shape "
                    + shape);
        }
        if (stats.mean().length != shape.channels()) {
            throw new IllegalArgumentException("normalisation has " + stats.mean().length + " channels, images have "
                    + shape.channels());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + numClasses + ")");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.shape = shape;
        this.numClasses = numClasses;
        this.stats = stats;
    }

    public int size() {
        return labels.length;
    }

    public InputShape shape() {
        return shape;
    }

    public int numClasses() {
        return numClasses;
    }

    public ChannelStats stats() {
        return stats;
    }

    /** The raw bytes; shared, not copied: do not modify. */
    byte[] pixels() {
        return pixels;
    }

    public int label(int index) {
        return labels[index];
    }

    public int[] labels() {
        return labels.clone();
    }

    public LabeledImages withStats(ChannelStats newStats) {
        return new LabeledImages(pixels, labels, shape, numClasses, newStats);
    }

    /** The examples at the given indices, in that order (a copy). */
    public LabeledImages subset(int[] indices) {
        int n = shape.size();
        byte[] px = new byte[indices.length * n];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= labels.length) {
                throw new IndexOutOfBoundsException("example " + src + " of " + labels.length);
            }
            System.arraycopy(pixels, src * n, px, i * n, n);
            lb[i] = labels[src];
        }
        return new LabeledImages(px, lb, shape, numClasses, stats);
    }

    /**
     * The images centred on a {@code height} x {@code width} canvas of zero pixels (as torchvision's
     * Pad before normalisation: 28x28 Fashion-MNIST padded by 2 on each side is the paper's 32x32).
     * An odd margin puts the extra row or column at the bottom or right. Normalisation is kept.
     */
    public LabeledImages padTo(int height, int width) {
        int h = shape.height();
        int w = shape.width();
        if (height < h || width < w) {
            throw new IllegalArgumentException("cannot pad " + shape + " images to " + height + "x" + width
                    + ": padding only enlarges");
        }
        if (height == h && width == w) {
            return this;
        }
        InputShape padded = InputShape.of(shape.channels(), height, width);
        int top = (height - h) / 2;
        int left = (width - w) / 2;
        byte[] px = new byte[labels.length * padded.size()];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < shape.channels(); c++) {
                for (int y = 0; y < h; y++) {
                    int src = ((i * shape.channels() + c) * h + y) * w;
                    int dst = ((i * shape.channels() + c) * height + y + top) * width + left;
                    System.arraycopy(pixels, src, px, dst, w);
                }
            }
        }
        return new LabeledImages(px, labels, padded, numClasses, stats);
    }

    /** The examples of several sets (same shape, classes and normalisation) one after another. */
    public static LabeledImages concat(List<LabeledImages> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        LabeledImages first = parts.get(0);
        int total = 0;
        for (LabeledImages p : parts) {
            if (!p.shape.equals(first.shape) || p.numClasses != first.numClasses || !p.stats.equals(first.stats)) {
                throw new IllegalArgumentException("cannot concatenate image sets of different shape, classes or "
                        + "normalisation: " + p.shape + "/" + p.numClasses + " and " + first.shape + "/" + first.numClasses);
            }
            total += p.size();
        }
        byte[] px = new byte[total * first.shape.size()];
        int[] lb = new int[total];
        int at = 0;
        for (LabeledImages p : parts) {
            System.arraycopy(p.pixels, 0, px, at * first.shape.size(), p.pixels.length);
            System.arraycopy(p.labels, 0, lb, at, p.labels.length);
            at += p.size();
        }
        return new LabeledImages(px, lb, first.shape, first.numClasses, first.stats);
    }

    /** The first {@code count} examples, or all when count is 0 or larger than the set. */
    public LabeledImages head(int count) {
        if (count <= 0 || count >= size()) {
            return this;
        }
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i;
        }
        return subset(idx);
    }

    /**
     * Examples {@code from} (inclusive) to {@code to} (exclusive) as normalised features
     * [n, C, H, W] and one-hot labels [n, classes], both float.
     */
    public DataSet toDataSet(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + size() + " examples");
        }
        return toDataSet(null, from, to);
    }

    /** Positions {@code from..to-1} of {@code order} (null: storage order) as one normalised batch. */
    DataSet toDataSet(int[] order, int from, int to) {
        int n = to - from;
        int c = shape.channels();
        int plane = shape.height() * shape.width();
        int per = c * plane;
        float[] scale = new float[c];
        float[] shift = new float[c];
        double[] mean = stats.mean();
        double[] std = stats.std();
        for (int ch = 0; ch < c; ch++) {
            // (v / 255 - mean) / std  ==  v * scale + shift
            scale[ch] = (float) (1.0 / (255.0 * std[ch]));
            shift[ch] = (float) (-mean[ch] / std[ch]);
        }
        float[] features = new float[n * per];
        float[] oneHot = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            int src = order == null ? from + i : order[from + i];
            int srcOff = src * per;
            int dstOff = i * per;
            for (int ch = 0; ch < c; ch++) {
                float s = scale[ch];
                float b = shift[ch];
                int o = ch * plane;
                for (int p = 0; p < plane; p++) {
                    features[dstOff + o + p] = (pixels[srcOff + o + p] & 0xff) * s + b;
                }
            }
            oneHot[i * numClasses + labels[src]] = 1f;
        }
        return new DataSet(
                Nd4j.create(features, new long[] {n, c, shape.height(), shape.width()}, DataType.FLOAT),
                Nd4j.create(oneHot, new long[] {n, numClasses}, DataType.FLOAT));
    }

    /** Mini-batches in a fresh random order every epoch (seeded: the same seed, the same order). */
    public DataSetIterator iterator(int batchSize, long shuffleSeed) {
        return new ImageBatchIterator(this, batchSize, shuffleSeed);
    }

    /** Mini-batches in storage order, for evaluation. */
    public DataSetIterator orderedIterator(int batchSize) {
        return new ImageBatchIterator(this, batchSize, null);
    }
}
