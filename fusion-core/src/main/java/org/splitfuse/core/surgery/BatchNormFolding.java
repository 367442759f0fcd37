package org.splitfuse.core.surgery;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.NetworkGraph;

/**
 * Folds every BatchNorm into the convolution or dense layer that feeds it:
 * w' = w * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps) + beta, and the
 * BatchNorm becomes the identity (gamma 1, mean 0, var + eps = 1), or in the {@link Variant#PAPER_CODE}
 * variant the published code's form (gamma 1, mean 0, var 1). When the layer has no bias
 * (ResNet convolutions), b' stays in the BatchNorm's beta, which then acts as that bias; the
 * architecture is unchanged either way. A BatchNorm that does not directly follow a layer read by
 * nothing else is left as it is.
 */
public final class BatchNormFolding {

    /** How the scale is computed. */
    public enum Variant {
        /** gamma / sqrt(var + eps): the network's outputs are unchanged. */
        EXACT,
        /**
         * gamma / sqrt(var), as the paper's published code folds, which then leaves var at 1: the
         * BatchNorm still divides by sqrt(1 + eps), one scale for every channel. Outputs change slightly.
         */
        PAPER_CODE
    }

    private BatchNormFolding() {
    }

    /** A folded copy of the network (the argument is not modified). */
    public static ComputationGraph fold(ComputationGraph net) {
        return fold(net, Variant.EXACT);
    }

    public static ComputationGraph fold(ComputationGraph net, Variant variant) {
        ComputationGraph folded = net.clone();
        NetworkGraph graph = NetworkGraph.of(folded);
        for (GraphNode bn : foldable(graph)) {
            foldOne(folded, graph.node(bn.inputs().get(0)), bn, variant);
        }
        return folded;
    }

    /** The BatchNorms that {@link #fold} folds. */
    public static List<GraphNode> foldable(NetworkGraph graph) {
        List<GraphNode> found = new ArrayList<>();
        for (GraphNode node : graph.nodes()) {
            if (node.kind() != LayerKind.BATCH_NORM || ((BatchNormalization) node.layer()).isLockGammaBeta()) {
                continue;
            }
            GraphNode source = graph.node(node.inputs().get(0));
            boolean producer = source.kind() == LayerKind.CONVOLUTION || source.kind() == LayerKind.DENSE;
            if (producer && graph.readersOf(source.name()).size() == 1 && !graph.isNetworkOutput(source.name())) {
                found.add(node);
            }
        }
        return found;
    }

    /** Whether the BatchNorm at {@code vertex} is in identity form (folded: gamma 1, mean 0, var + eps 1). */
    public static boolean isFolded(ComputationGraph net, String vertex) {
        Layer bn = net.getLayer(vertex);
        BatchNormalization conf = (BatchNormalization) bn.conf().getLayer();
        if (conf.isLockGammaBeta()) {
            return false;
        }
        return IdentityNorms.isIdentity(bn.paramTable(), conf, 0, (int) bn.getParam(SliceParams.MEAN).length());
    }

    private static void foldOne(ComputationGraph net, GraphNode producer, GraphNode norm, Variant variant) {
        BatchNormalization conf = (BatchNormalization) norm.layer();
        Layer bn = net.getLayer(norm.name());
        double eps = conf.getEps();
        double[] gamma = bn.getParam(SliceParams.GAMMA).toDoubleVector();
        double[] beta = bn.getParam(SliceParams.BETA).toDoubleVector();
        double[] mean = bn.getParam(SliceParams.MEAN).toDoubleVector();
        double[] var = variance(bn, conf);
        int n = gamma.length;
        double[] scale = new double[n];
        double[] shift = new double[n];
        for (int c = 0; c < n; c++) {
            double denominator = variant == Variant.EXACT ? var[c] + eps : var[c];
            scale[c] = gamma[c] / Math.sqrt(denominator);
            shift[c] = beta[c] - mean[c] * scale[c];
        }
        Layer layer = net.getLayer(producer.name());
        INDArray w = layer.getParam(SliceParams.WEIGHT);
        INDArray s = Nd4j.createFromArray(scale).castTo(w.dataType());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(w, s, w, SliceParams.producerWeight(producer).axis()));
        double[] newBeta = new double[n];
        if (SliceParams.hasBias(producer)) {
            INDArray b = layer.getParam(SliceParams.BIAS);
            double[] bias = b.toDoubleVector();
            for (int c = 0; c < n; c++) {
                bias[c] = bias[c] * scale[c] + shift[c];
            }
            b.assign(Nd4j.createFromArray(bias).reshape(b.shape()));
        } else {
            newBeta = shift;
        }
        set(bn, SliceParams.GAMMA, constant(n, 1));
        set(bn, SliceParams.BETA, newBeta);
        set(bn, SliceParams.MEAN, constant(n, 0));
        double leftVar = variant == Variant.EXACT ? 1 - eps : 1;
        if (conf.isUseLogStd()) {
            set(bn, SliceParams.LOG_STD, constant(n, Math.log10(Math.sqrt(leftVar + eps))));
        } else {
            set(bn, SliceParams.VAR, constant(n, leftVar));
        }
    }

    private static double[] variance(Layer bn, BatchNormalization conf) {
        if (!conf.isUseLogStd()) {
            return bn.getParam(SliceParams.VAR).toDoubleVector();
        }
        double[] logStd = bn.getParam(SliceParams.LOG_STD).toDoubleVector();
        double[] var = new double[logStd.length];
        for (int c = 0; c < var.length; c++) {
            double std = Math.pow(10, logStd[c]);
            var[c] = std * std - conf.getEps();
        }
        return var;
    }

    private static double[] constant(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static void set(Layer layer, String key, double[] values) {
        INDArray p = layer.getParam(key);
        p.assign(Nd4j.createFromArray(values).castTo(p.dataType()).reshape(p.shape()));
    }
}
