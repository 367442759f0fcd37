package org.splitfuse.core.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Accuracy and mean cross-entropy of a classifier over a data set, in inference mode. */
public final class Evaluator {

    private Evaluator() {
    }

    public static EvalResult evaluate(ComputationGraph net, DataSetIterator data) {
        data.reset();
        long correct = 0;
        long count = 0;
        double lossSum = 0;
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArray probabilities = net.outputSingle(false, batch.getFeatures());
            INDArray labels = batch.getLabels();
            INDArray predicted = probabilities.argMax(1);
            INDArray actual = labels.argMax(1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
            // cross-entropy of the true class, clamped so that a zero probability stays finite
            INDArray trueProbability = probabilities.mul(labels).sum(1);
            lossSum -= Transforms.log(Transforms.max(trueProbability, 1e-12), false).sumNumber().doubleValue();
            count += labels.size(0);
        }
        data.reset();
        if (count == 0) {
            throw new IllegalArgumentException("cannot evaluate on an empty data set");
        }
        return new EvalResult((double) correct / count, lossSum / count, count);
    }
}
