package org.splitfuse.core.surgery;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.Slice;

/**
 * Where a slice lives in DL4J's parameter tensors: convolution W is [out, in, kH, kW], dense and
 * output W is [in, out], biases and BatchNorm parameters are [C].
 */
public final class SliceParams {

    /** One parameter tensor and the axis that carries the group's channels. */
    public record Axis(String key, int axis) {
    }

    public static final String WEIGHT = "W";
    public static final String BIAS = "b";
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";
    public static final String MEAN = "mean";
    public static final String VAR = "var";
    public static final String LOG_STD = "log10stdev";

    private SliceParams() {
    }

    public static List<Axis> of(GraphNode node, Slice.Role role) {
        return switch (role) {
            case PRODUCER -> producer(node);
            case CONSUMER -> List.of(new Axis(WEIGHT, node.kind() == LayerKind.CONVOLUTION ? 1 : 0));
            case NORM -> norm((BatchNormalization) node.layer());
        };
    }

    /** The out-channel weight axis of a producer (without its bias). */
    public static Axis producerWeight(GraphNode node) {
        return new Axis(WEIGHT, node.kind() == LayerKind.CONVOLUTION ? 0 : 1);
    }

    public static boolean hasBias(GraphNode node) {
        if (node.layer() instanceof ConvolutionLayer conv) {
            return conv.hasBias();
        }
        if (node.layer() instanceof DenseLayer dense) {
            return dense.hasBias();
        }
        return ((BaseOutputLayer) node.layer()).hasBias();
    }

    private static List<Axis> producer(GraphNode node) {
        Axis w = producerWeight(node);
        return hasBias(node) ? List.of(w, new Axis(BIAS, 0)) : List.of(w);
    }

    public static List<Axis> norm(BatchNormalization bn) {
        String var = bn.isUseLogStd() ? LOG_STD : VAR;
        return bn.isLockGammaBeta()
                ? List.of(new Axis(MEAN, 0), new Axis(var, 0))
                : List.of(new Axis(GAMMA, 0), new Axis(BETA, 0), new Axis(MEAN, 0), new Axis(var, 0));
    }
}
