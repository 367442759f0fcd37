package org.splitfuse.core.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalised mini-batches of a {@link LabeledImages}: features [n, C, H, W], one-hot labels
 * [n, classes]. With a seed, every reset() starts a new epoch in a new (reproducible) order.
 */
final class ImageBatchIterator implements DataSetIterator {

    private final LabeledImages data;
    private final int batchSize;
    private final SplittableRandom random;
    private final int[] order;
    private final float[] scale;
    private final float[] shift;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    ImageBatchIterator(LabeledImages data, int batchSize, Long shuffleSeed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.random = shuffleSeed == null ? null : new SplittableRandom(shuffleSeed);
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int c = data.shape().channels();
        double[] mean = data.stats().mean();
        double[] std = data.stats().std();
        scale = new float[c];
        shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            // (v / 255 - mean) / std  ==  v * scale + shift
            scale[ch] = (float) (1.0 / (255.0 * std[ch]));
            shift[ch] = (float) (-mean[ch] / std[ch]);
        }
        shuffle();
    }

    private void shuffle() {
        if (random == null) {
            return;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int n = Math.min(num, order.length - cursor);
        int c = data.shape().channels();
        int plane = data.shape().height() * data.shape().width();
        int per = c * plane;
        byte[] px = data.pixels();
        float[] features = new float[n * per];
        float[] labels = new float[n * data.numClasses()];
        for (int i = 0; i < n; i++) {
            int src = order[cursor + i];
            int srcOff = src * per;
            int dstOff = i * per;
            for (int ch = 0; ch < c; ch++) {
                float s = scale[ch];
                float b = shift[ch];
                int o = ch * plane;
                for (int p = 0; p < plane; p++) {
                    features[dstOff + o + p] = (px[srcOff + o + p] & 0xff) * s + b;
                }
            }
            labels[i * data.numClasses() + data.label(src)] = 1f;
        }
        cursor += n;
        INDArray x = Nd4j.create(features, new long[] {n, c, data.shape().height(), data.shape().width()}, DataType.FLOAT);
        INDArray y = Nd4j.create(labels, new long[] {n, data.numClasses()}, DataType.FLOAT);
        DataSet ds = new DataSet(x, y);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return data.shape().size();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        if (cursor == 0) {
            return; // nothing consumed: keep the current order, so reset() before an epoch does not skip one
        }
        cursor = 0;
        shuffle();
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
