package org.splitfuse.core.train;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** Mean over examples of the L2 distance between two networks' logits. */
    public static double meanL2Distance(INDArray a, INDArray b) {
        return a.sub(b).norm2(1).meanNumber().doubleValue();
    }
}
