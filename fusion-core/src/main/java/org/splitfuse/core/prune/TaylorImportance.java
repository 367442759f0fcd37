package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.SliceParams;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.graph.Slice;

/**
 * First-order Taylor importance (Molchanov et al.): |w * dL/dw| summed over every parameter of
 * the channel in each slice of the group (weights, biases, BatchNorm gamma and beta), with the
 * gradient of the loss summed over a few batches; averaged over slices, divided by its mean.
 * Gradients are computed once per network on a copy (a training-mode forward pass would move
 * the BatchNorm statistics of the original).
 */
public final class TaylorImportance implements Importance {

    private final List<DataSet> batches;
    private WeakReference<ComputationGraph> cachedFor = new WeakReference<>(null);
    private Map<String, INDArray> cachedGradients;

    public TaylorImportance(List<DataSet> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("taylor importance needs at least one batch of data");
        }
        this.batches = List.copyOf(batches);
    }

    @Override
    public double[] score(ComputationGraph net, ChannelGroup group) {
        Map<String, INDArray> gradients = gradients(net);
        NetworkGraph graph = NetworkGraph.of(net);
        double[] total = new double[group.size()];
        int contributing = 0;
        for (Slice s : group.slices()) {
            GraphNode node = graph.node(s.vertex());
            Layer layer = net.getLayer(s.vertex());
            int block = s.role() == Slice.Role.CONSUMER ? s.block() : 1;
            List<SliceParams.Axis> axes = s.role() == Slice.Role.NORM
                    ? List.of(new SliceParams.Axis(SliceParams.GAMMA, 0), new SliceParams.Axis(SliceParams.BETA, 0))
                    : SliceParams.of(node, s.role());
            boolean any = false;
            for (SliceParams.Axis axis : axes) {
                INDArray w = layer.paramTable().get(axis.key());
                INDArray g = gradients.get(s.vertex() + "_" + axis.key());
                if (w == null || g == null) {
                    continue;
                }
                INDArray product = Transforms.abs(w.mul(g.reshape(w.shape())), false);
                ChannelReductions.add(total, ChannelReductions.reduce(product, axis.axis(), s.offset(), group.size(),
                        block, ChannelReductions.Norm.L1));
                any = true;
            }
            contributing += any ? 1 : 0;
        }
        for (int c = 0; c < total.length; c++) {
            total[c] /= Math.max(1, contributing);
        }
        return ChannelReductions.normaliseByMean(total);
    }

    private synchronized Map<String, INDArray> gradients(ComputationGraph net) {
        if (cachedFor.get() == net && cachedGradients != null) {
            return cachedGradients;
        }
        ComputationGraph copy = net.clone();
        Map<String, INDArray> sum = new HashMap<>();
        for (DataSet batch : batches) {
            copy.setInputs(batch.getFeatures());
            copy.setLabels(batch.getLabels());
            copy.computeGradientAndScore();
            Gradient g = copy.gradient();
            g.gradientForVariable().forEach((key, value) -> sum.merge(key, value.dup(), INDArray::addi));
        }
        cachedFor = new WeakReference<>(net);
        cachedGradients = sum;
        return sum;
    }

    @Override
    public String name() {
        return "taylor";
    }
}
