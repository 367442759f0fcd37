package org.splitfuse.core.surgery;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.graph.Slice;

/**
 * The vector of each neuron pairing of a group: over every slice, the producer's out-channel row
 * (and its bias, optionally), then each consumer's in-channel column(s), concatenated; each
 * vector scaled to unit L2 norm (SPEC 3, step 2).
 */
public final class PairingVectors {

    private PairingVectors() {
    }

    /**
     * @param includeBias add the producer's bias (or, after folding a bias-free layer, the
     *                    identity BatchNorm's beta, which holds that bias) to the row
     */
    public static double[][] of(ComputationGraph net, ChannelGroup group, boolean includeBias) {
        return unitRows(raw(net, group, includeBias));
    }

    /** The concatenated vectors without normalisation (model fusion compares raw incoming weights). */
    public static double[][] raw(ComputationGraph net, ChannelGroup group, boolean includeBias) {
        NetworkGraph graph = NetworkGraph.of(net);
        List<double[][]> parts = new ArrayList<>();
        for (Slice s : group.slices()) {
            GraphNode node = graph.node(s.vertex());
            Layer layer = net.getLayer(s.vertex());
            switch (s.role()) {
                case PRODUCER -> {
                    SliceParams.Axis w = SliceParams.producerWeight(node);
                    parts.add(rows(layer.getParam(w.key()), w.axis(), s.offset(), group.size(), 1));
                    if (includeBias && SliceParams.hasBias(node)) {
                        parts.add(rows(layer.getParam(SliceParams.BIAS), 0, s.offset(), group.size(), 1));
                    }
                }
                case CONSUMER -> {
                    SliceParams.Axis w = SliceParams.of(node, s.role()).get(0);
                    parts.add(rows(layer.getParam(w.key()), w.axis(), s.offset(), group.size(), s.block()));
                }
                case NORM -> {
                    INDArray beta = layer.paramTable().get(SliceParams.BETA);
                    if (includeBias && beta != null) {
                        parts.add(rows(beta, 0, s.offset(), group.size(), 1));
                    }
                }
            }
        }
        return concatenate(parts, group.size());
    }

    /** Every producer's out-channel weight row of the group, concatenated over the producers (no bias, no consumers). */
    public static double[][] producerWeights(ComputationGraph net, ChannelGroup group) {
        NetworkGraph graph = NetworkGraph.of(net);
        List<double[][]> parts = new ArrayList<>();
        for (Slice s : group.slices()) {
            if (s.role() == Slice.Role.PRODUCER) {
                SliceParams.Axis w = SliceParams.producerWeight(graph.node(s.vertex()));
                parts.add(rows(net.getLayer(s.vertex()).getParam(w.key()), w.axis(), s.offset(), group.size(), 1));
            }
        }
        return concatenate(parts, group.size());
    }

    public static double[][] rows(INDArray t, int axis, int offset, int n, int block) {
        INDArray r = AxisMaps.channelRows(t, axis, block)
                .get(NDArrayIndex.interval(offset, offset + n), NDArrayIndex.all());
        return r.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double[][] concatenate(List<double[][]> parts, int n) {
        int width = 0;
        for (double[][] p : parts) {
            width += p[0].length;
        }
        double[][] out = new double[n][width];
        int at = 0;
        for (double[][] p : parts) {
            for (int c = 0; c < n; c++) {
                System.arraycopy(p[c], 0, out[c], at, p[c].length);
            }
            at += p[0].length;
        }
        return out;
    }

    public static double[][] unitRows(double[][] v) {
        for (double[] row : v) {
            double norm = 0;
            for (double x : row) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
                for (int i = 0; i < row.length; i++) {
                    row[i] /= norm;
                }
            }
        }
        return v;
    }
}
