package org.splitfuse.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.data.ChannelStats;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;

class LogitsTest {

    @Test
    void batchedLogitsAndTheirAccuracyAgreeWithTheWholeBatchAndTheEvaluator() {
        InputShape shape = InputShape.of(1, 12, 12);
        ComputationGraph net = ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, shape, 3, 0.5, 4),
                new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.05, 0.9, 5e-4, 1, 0.5));
        Random random = new Random(2);
        int n = 150;
        byte[] pixels = new byte[n * (int) shape.size()];
        random.nextBytes(pixels);
        LabeledImages unlabeled = new LabeledImages(pixels, new int[n], shape, 3, ChannelStats.identity(1));
        INDArray whole = Logits.of(net, unlabeled.toDataSet(0, n).getFeatures());
        // labels: the network's own answer for the first 100 images, another class for the rest
        INDArray predicted = whole.argMax(1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < 100 ? predicted.getInt(i) : (predicted.getInt(i) + 1) % 3;
        }
        LabeledImages images = new LabeledImages(pixels, labels, shape, 3, ChannelStats.identity(1));

        INDArray batched = Logits.of(net, images, 32);
        assertEquals(n, batched.rows());
        double diff = batched.sub(whole).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "batched logits differ by " + diff);
        assertEquals(100.0 / n, Logits.accuracy(batched, images), 1e-12);
        assertEquals(Evaluator.evaluate(net, images.orderedIterator(40)).accuracy(), Logits.accuracy(batched, images), 1e-12);
    }
}
