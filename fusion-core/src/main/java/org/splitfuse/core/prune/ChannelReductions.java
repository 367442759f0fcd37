package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.AxisMaps;
import org.splitfuse.core.surgery.SliceParams;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.Slice;

/** Per-channel reductions of a group's parameter slices, shared by the importance metrics. */
final class ChannelReductions {

    enum Norm { L1, L2_SQUARED, MAX_ABS }

    private ChannelReductions() {
    }

    /**
     * The group's per-channel score: each weighted slice (producer and consumer weights, BatchNorm
     * gammas) reduced per channel, averaged over the slices that contribute.
     */
    static double[] magnitude(ComputationGraph net, ChannelGroup group, Norm norm) {
        double[] total = new double[group.size()];
        int contributing = 0;
        var graph = org.splitfuse.core.graph.NetworkGraph.of(net);
        for (Slice s : group.slices()) {
            GraphNode node = graph.node(s.vertex());
            Layer layer = net.getLayer(s.vertex());
            INDArray t;
            int axis;
            if (s.role() == Slice.Role.NORM) {
                t = layer.paramTable().get(SliceParams.GAMMA);
                axis = 0;
                if (t == null) {
                    continue;
                }
            } else {
                SliceParams.Axis w = s.role() == Slice.Role.PRODUCER
                        ? SliceParams.producerWeight(node) : SliceParams.of(node, s.role()).get(0);
                t = layer.getParam(w.key());
                axis = w.axis();
            }
            int block = s.role() == Slice.Role.CONSUMER ? s.block() : 1;
            add(total, reduce(t, axis, s.offset(), group.size(), block, norm));
            contributing++;
        }
        for (int c = 0; c < total.length; c++) {
            total[c] /= Math.max(1, contributing);
        }
        return total;
    }

    /** Channels offset..offset+n-1 of the axis, each reduced over all its entries. */
    static double[] reduce(INDArray t, int axis, int offset, int n, int block, Norm norm) {
        INDArray rows = AxisMaps.channelRows(t, axis, block)
                .get(NDArrayIndex.interval(offset, offset + n), NDArrayIndex.all());
        INDArray r = switch (norm) {
            case L1 -> Transforms.abs(rows, true).sum(1);
            case L2_SQUARED -> rows.mul(rows).sum(1);
            case MAX_ABS -> Transforms.abs(rows, true).max(1);
        };
        return r.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    }

    static void add(double[] total, double[] part) {
        for (int c = 0; c < total.length; c++) {
            total[c] += part[c];
        }
    }

    /** Divides by the mean, so that groups of different sizes and scales compare in a global ranking. */
    static double[] normaliseByMean(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double[] out = v.clone();
        if (mean > 0) {
            for (int c = 0; c < out.length; c++) {
                out[c] /= mean;
            }
        }
        return out;
    }
}
