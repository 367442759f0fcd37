package org.splitfuse.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.data.LabeledImages;

/**
 * The classifier's pre-softmax outputs (in double precision), computed from the classifier's input
 * activations and parameters: softmax outputs saturate, logits show how far two networks differ.
 */
public final class Logits {

    private Logits() {
    }

    public static INDArray of(ComputationGraph net, INDArray features) {
        String classifier = net.getConfiguration().getNetworkOutputs().get(0);
        String before = net.getConfiguration().getVertexInputs().get(classifier).get(0);
        Map<String, INDArray> activations = net.feedForward(features, false);
        INDArray in = activations.get(before);
        if (in.rank() > 2) {
            in = in.reshape('c', in.size(0), in.length() / in.size(0));
        }
        Layer out = net.getLayer(classifier);
        return in.castTo(DataType.DOUBLE).mmul(out.getParam("W").castTo(DataType.DOUBLE))
                .addRowVector(out.getParam("b").castTo(DataType.DOUBLE).reshape(1, -1));
    }

    /** The logits of every image, computed in batches (one row per image, in order). */
    public static INDArray of(ComputationGraph net, LabeledImages images, int batchSize) {
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0; from < images.size(); from += batchSize) {
            parts.add(of(net, images.toDataSet(from, Math.min(images.size(), from + batchSize)).getFeatures()));
            NativeMemoryGuard.shared().check();
        }
        return Nd4j.vstack(parts);
    }

    /** The fraction of rows whose largest logit is the image's label. */
    public static double accuracy(INDArray logits, LabeledImages images) {
        INDArray predicted = logits.argMax(1);
        int correct = 0;
        for (int i = 0; i < images.size(); i++) {
            if (predicted.getInt(i) == images.label(i)) {
                correct++;
            }
        }
        return (double) correct / images.size();
    }

    /** Mean over examples of the L2 distance between two networks' logits. */
    public static double meanL2Distance(INDArray a, INDArray b) {
        return a.sub(b).norm2(1).meanNumber().doubleValue();
    }
}
