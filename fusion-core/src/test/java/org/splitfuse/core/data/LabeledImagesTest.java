package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.splitfuse.core.model.InputShape;

class LabeledImagesTest {

    /** n images of 2 channels x 2 x 2; channel 0 holds i, channel 1 holds 2i. */
    private static LabeledImages images(int n) {
        byte[] px = new byte[n * 8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 4; p++) {
                px[i * 8 + p] = (byte) i;
                px[i * 8 + 4 + p] = (byte) (2 * i);
            }
            labels[i] = i % 3;
        }
        return new LabeledImages(px, labels, InputShape.of(2, 2, 2), 3, ChannelStats.identity(2));
    }

    @Test
    void normalisationGivesZeroMeanUnitStdPerChannel() {
        LabeledImages data = images(100);
        LabeledImages normalised = data.withStats(ChannelStats.of(data));
        DataSet all = normalised.orderedIterator(100).next();
        for (int ch = 0; ch < 2; ch++) {
            var channel = all.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(ch));
            assertEquals(0.0, channel.meanNumber().doubleValue(), 1e-4);
            assertEquals(1.0, channel.stdNumber().doubleValue(), 0.01);
        }
    }

    @Test
    void batchesHaveTheRightShapesLabelsAndALastPartialBatch() {
        DataSetIterator it = images(10).orderedIterator(4);
        List<Integer> sizes = new ArrayList<>();
        while (it.hasNext()) {
            DataSet b = it.next();
            sizes.add((int) b.getFeatures().size(0));
            assertArrayEquals(new long[] {b.getFeatures().size(0), 2, 2, 2}, b.getFeatures().shape());
            assertEquals(3, b.getLabels().size(1));
        }
        assertEquals(List.of(4, 4, 2), sizes);
        it.reset();
        DataSet first = it.next();
        // example 1: pixel value 1 in channel 0, label 1 one-hot
        assertEquals(1.0 / 255, first.getFeatures().getDouble(1, 0, 0, 0), 1e-7);
        assertEquals(1.0, first.getLabels().getDouble(1, 1));
    }

    @Test
    void shufflingIsSeededAndChangesEveryEpoch() {
        DataSetIterator a = images(50).iterator(50, 9);
        DataSetIterator b = images(50).iterator(50, 9);
        var epoch1 = a.next().getLabels().dup();
        assertEquals(epoch1, b.next().getLabels());
        a.reset();
        assertNotEquals(epoch1, a.next().getLabels());
        DataSetIterator c = images(50).iterator(50, 10);
        assertNotEquals(epoch1, c.next().getLabels());
    }

    @Test
    void subsetAndHeadCopyTheChosenExamples() {
        LabeledImages data = images(10);
        LabeledImages sub = data.subset(new int[] {7, 2});
        assertEquals(2, sub.size());
        assertEquals(7 % 3, sub.label(0));
        assertEquals(2 % 3, sub.label(1));
        assertEquals(3, data.head(3).size());
        assertEquals(10, data.head(0).size());
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(new int[] {10}));
    }

    @Test
    void inconsistentInputsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(new byte[7], new int[] {0}, InputShape.of(2, 2, 2), 3, ChannelStats.identity(2)));
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(new byte[8], new int[] {3}, InputShape.of(2, 2, 2), 3, ChannelStats.identity(2)));
        assertTrue(label.getMessage().contains("label 3"), label.getMessage());
        assertFalse(images(3).iterator(1, 1).asyncSupported());
    }
}
