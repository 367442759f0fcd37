package org.splitfuse.core.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.graph.Slice;

/**
 * Pre-activations of a group's writers in a network whose BatchNorms are folded, one row per
 * channel over all samples and positions. Each writer's output is read where DL4J leaves it intact
 * (a convolution's output feeds only its BatchNorm; an in-place ReLU may overwrite a BatchNorm's or
 * a residual add's stored output): convolution output plus the identity BatchNorm's beta, or
 * x W + b for a dense layer.
 */
final class PreActivations {

    private PreActivations() {
    }

    /** All writers of the group, concatenated per channel (the cost of activation-based alignment). */
    static double[][] ofGroup(ComputationGraph net, ChannelGroup group, INDArray samples) {
        if (samples == null) {
            throw new IllegalArgumentException("activation-based alignment needs a sample of inputs");
        }
        NetworkGraph graph = NetworkGraph.of(net);
        Map<String, INDArray> forward = net.feedForward(samples, false);
        List<double[][]> parts = new ArrayList<>();
        for (Slice writer : group.producers()) {
            parts.add(ofWriter(net, graph, group, writer.vertex(), forward));
        }
        double[][] joined = new double[group.size()][];
        for (int c = 0; c < group.size(); c++) {
            int width = 0;
            for (double[][] p : parts) {
                width += p[c].length;
            }
            joined[c] = new double[width];
            int at = 0;
            for (double[][] p : parts) {
                System.arraycopy(p[c], 0, joined[c], at, p[c].length);
                at += p[c].length;
            }
        }
        return joined;
    }

    /** One writer's pre-activations, from a {@code feedForward(samples, false)} of the same network. */
    static double[][] ofWriter(ComputationGraph net, NetworkGraph graph, ChannelGroup group, String writer,
                               Map<String, INDArray> forward) {
        GraphNode node = graph.node(writer);
        // the classifier (OUTPUT) applies its softmax itself: its logits are recomputed like a dense layer's
        INDArray out = node.kind() == LayerKind.DENSE || node.kind() == LayerKind.OUTPUT
                ? densePreActivation(net, node, forward) : forward.get(writer).dup();
        INDArray rows = out.rank() == 4 ? out.permute(1, 0, 2, 3).dup('c').reshape('c', out.size(1), -1)
                : out.transpose().dup('c');
        double[][] values = rows.castTo(DataType.DOUBLE).toDoubleMatrix();
        String norm = foldedNorm(graph, group, writer);
        if (norm != null) {
            double[] beta = net.getLayer(norm).getParam("beta").castTo(DataType.DOUBLE).toDoubleVector();
            for (int c = 0; c < values.length; c++) {
                for (int i = 0; i < values[c].length; i++) {
                    values[c][i] += beta[c];
                }
            }
        }
        return values;
    }

    /** The (identity) BatchNorm of the group that reads the writer directly, or null. */
    static String foldedNorm(NetworkGraph graph, ChannelGroup group, String writer) {
        for (Slice s : group.norms()) {
            if (graph.node(s.vertex()).inputs().get(0).equals(writer)) {
                return s.vertex();
            }
        }
        return null;
    }

    /** A dense layer applies its activation itself: recompute x W + b from its input (post-ReLU ties hide neurons). */
    private static INDArray densePreActivation(ComputationGraph net, GraphNode dense, Map<String, INDArray> forward) {
        INDArray in = forward.get(dense.inputs().get(0));
        if (in.rank() > 2) {
            in = in.reshape('c', in.size(0), in.length() / in.size(0));
        }
        var layer = net.getLayer(dense.name());
        return in.mmul(layer.getParam("W")).addRowVector(layer.getParam("b").reshape(1, -1));
    }
}
