package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
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

    /** The example indices of a batch of {@link #images}: channel 0 holds the index. */
    private static int[] indices(DataSet batch) {
        int n = (int) batch.getFeatures().size(0);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.round(batch.getFeatures().getDouble(i, 0, 0, 0) * 255);
        }
        return out;
    }

    private static int[] epoch(DataSetIterator it) {
        List<Integer> seen = new ArrayList<>();
        while (it.hasNext()) {
            for (int i : indices(it.next())) {
                seen.add(i);
            }
        }
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void shufflingIsSeededAndChangesEveryEpoch() {
        DataSetIterator a = images(50).iterator(8, 9);
        DataSetIterator b = images(50).iterator(8, 9);
        b.reset(); // before anything is consumed: must not skip an order
        int[] a1 = epoch(a);
        assertArrayEquals(a1, epoch(b));
        int[] sorted = a1.clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 50).toArray(), sorted, "every example exactly once per epoch");
        assertFalse(Arrays.equals(IntStream.range(0, 50).toArray(), a1), "shuffled");
        a.reset();
        b.reset();
        int[] a2 = epoch(a);
        assertFalse(Arrays.equals(a1, a2), "a new order in the next epoch");
        assertArrayEquals(a2, epoch(b), "and the same one for the same seed");
        assertFalse(Arrays.equals(a1, epoch(images(50).iterator(8, 10))), "another seed, another order");
    }

    @Test
    void toDataSetNormalisesARangeAndOneHotEncodesItsLabels() {
        LabeledImages data = images(10);
        LabeledImages normalised = data.withStats(new ChannelStats(new double[] {0.5, 0.25}, new double[] {2, 4}));
        DataSet range = normalised.toDataSet(3, 6);
        assertArrayEquals(new long[] {3, 2, 2, 2}, range.getFeatures().shape());
        assertArrayEquals(new long[] {3, 3}, range.getLabels().shape());
        // example 4: channel 0 = 4, channel 1 = 8, label 1
        assertEquals((4 / 255.0 - 0.5) / 2, range.getFeatures().getDouble(1, 0, 1, 1), 1e-6);
        assertEquals((8 / 255.0 - 0.25) / 4, range.getFeatures().getDouble(1, 1, 0, 1), 1e-6);
        assertEquals(1.0, range.getLabels().getDouble(1, 1));
        assertArrayEquals(new float[] {1, 1, 1}, range.getLabels().sum(1).toFloatVector(), "one-hot rows");
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, range.getLabels().ravel().toFloatVector());
        assertThrows(IndexOutOfBoundsException.class, () -> data.toDataSet(8, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> data.toDataSet(5, 5));
    }

    @Test
    void realFashionMnistTrainSetIsStandardisedAndTheTestSetUsesItsStatistics() {
        RealData.fashionMnist();
        TrainTest data = Datasets.fashionMnist(0, 0);
        double[] train = meanAndStd(data.train().orderedIterator(10_000));
        assertEquals(0.0, train[0], 1e-3);
        assertEquals(1.0, train[1], 1e-3);
        // the test set is normalised with the training set's numbers: close to, not exactly, 0 and 1
        double[] test = meanAndStd(data.test().orderedIterator(10_000));
        assertEquals(0.0, test[0], 0.02);
        assertEquals(1.0, test[1], 0.02);
        assertNotEquals(0.0, test[0], 1e-4);
    }

    /** Mean and standard deviation of every feature of every batch, summed in double precision. */
    private static double[] meanAndStd(DataSetIterator it) {
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        while (it.hasNext()) {
            for (float v : it.next().getFeatures().data().asFloat()) {
                sum += v;
                sumSq += (double) v * v;
                count++;
            }
        }
        double mean = sum / count;
        return new double[] {mean, Math.sqrt(sumSq / count - mean * mean)};
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
    void imagesAndStatisticsSurviveJavaSerialisationAsSparkUsesIt() throws Exception {
        LabeledImages data = images(20);
        LabeledImages normalised = data.withStats(ChannelStats.of(data));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(normalised);
        }
        LabeledImages copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (LabeledImages) in.readObject();
        }
        assertEquals(normalised.stats(), copy.stats());
        assertEquals("ChannelStats[mean=[0.5, 0.25], std=[2.0, 4.0]]",
                new ChannelStats(new double[] {0.5, 0.25}, new double[] {2, 4}).toString());
        assertEquals(normalised.toDataSet(0, 20), copy.toDataSet(0, 20));
        assertThrows(IllegalArgumentException.class, () -> ChannelStats.of(data.subset(new int[0])));
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
