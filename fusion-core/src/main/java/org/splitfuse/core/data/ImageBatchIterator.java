package org.splitfuse.core.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Normalised mini-batches of a {@link LabeledImages}: features [n, C, H, W], one-hot labels
 * [n, classes]. With a seed, every reset() starts a new epoch in a new (reproducible) order.
 */
final class ImageBatchIterator implements DataSetIterator {

    private final LabeledImages data;
    private final int batchSize;
    private final SplittableRandom random;
    private final int[] order;
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
        if (num < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int n = Math.min(num, order.length - cursor);
        DataSet ds = data.toDataSet(order, cursor, cursor + n);
        cursor += n;
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
