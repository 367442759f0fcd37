package org.splitfuse.core.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.graph.Slice;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.train.NativeMemoryGuard;

/**
 * REPAIR (Jordan et al., 2022) for a fused network: averaging neurons that are only partly
 * correlated shrinks their variance, layer after layer, until a deep network's signal is gone.
 * Walking the writers from the input, each channel's pre-activation in the fused network is
 * given, by an affine correction folded into its writer, the mean and standard deviation that the
 * aligned parents' corresponding channels have on average over a sample of inputs. No gradient
 * step: only forward passes.
 */
public final class ActivationRepair {

    /** Standard deviations below this count as a dead channel, which is only shifted. */
    private static final double DEAD = 1e-6;

    private ActivationRepair() {
    }

    /**
     * @param fused   the average of the aligned parents (BatchNorms folded)
     * @param parents the parents aligned to the fused network's channels, BatchNorms folded
     * @param weights the averaging weights (normalised here)
     * @param samples inputs, e.g. a few hundred training images
     */
    public static ComputationGraph apply(ComputationGraph fused, List<ComputationGraph> parents, double[] weights,
                                         INDArray samples) {
        if (samples == null || samples.size(0) < 2) {
            throw new IllegalArgumentException("REPAIR needs a sample of at least 2 inputs");
        }
        if (parents.size() != weights.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + parents.size() + " parents");
        }
        double total = Arrays.stream(weights).sum();
        ComputationGraph net = BatchNormFolding.fold(fused);
        ChannelGroups groups = ChannelGroups.of(net);
        NetworkGraph graph = NetworkGraph.of(net);
        List<Writer> writers = writers(groups, graph);

        // the goal per writer: the parents' weighted average mean and std (one forward pass per parent)
        double[][] goalMean = new double[writers.size()][];
        double[][] goalStd = new double[writers.size()][];
        for (int i = 0; i < writers.size(); i++) {
            goalMean[i] = new double[writers.get(i).group().size()];
            goalStd[i] = new double[writers.get(i).group().size()];
        }
        for (int k = 0; k < parents.size(); k++) {
            ComputationGraph parent = parents.get(k);
            NetworkGraph parentGraph = NetworkGraph.of(parent);
            Map<String, INDArray> forward = parent.feedForward(samples, false);
            for (int i = 0; i < writers.size(); i++) {
                Writer w = writers.get(i);
                Moments m = Moments.of(PreActivations.ofWriter(parent, parentGraph, w.group(), w.vertex(), forward));
                for (int c = 0; c < m.mean().length; c++) {
                    goalMean[i][c] += weights[k] / total * m.mean()[c];
                    goalStd[i][c] += weights[k] / total * m.std()[c];
                }
            }
            NativeMemoryGuard.shared().check();
        }
        for (int i = 0; i < writers.size(); i++) {
            Writer w = writers.get(i);
            Moments now = Moments.of(PreActivations.ofWriter(net, graph, w.group(), w.vertex(), net.feedForward(samples, false)));
            correct(net, graph, w, now, goalMean[i], goalStd[i]);
            NativeMemoryGuard.shared().check();
        }
        return net;
    }

    private record Writer(ChannelGroup group, String vertex, int order) {
    }

    /** Every writer of every group, in topological order: a correction changes what later writers see. */
    private static List<Writer> writers(ChannelGroups groups, NetworkGraph graph) {
        List<Writer> writers = new ArrayList<>();
        for (ChannelGroup g : groups.all()) {
            for (Slice p : g.producers()) {
                writers.add(new Writer(g, p.vertex(), graph.node(p.vertex()).order()));
            }
        }
        writers.sort(Comparator.comparingInt(Writer::order));
        return writers;
    }

    private record Moments(double[] mean, double[] std) {
        static Moments of(double[][] rows) {
            double[] mean = new double[rows.length];
            double[] std = new double[rows.length];
            for (int c = 0; c < rows.length; c++) {
                double s = 0;
                for (double v : rows[c]) {
                    s += v;
                }
                mean[c] = s / rows[c].length;
                double q = 0;
                for (double v : rows[c]) {
                    q += (v - mean[c]) * (v - mean[c]);
                }
                std[c] = Math.sqrt(q / rows[c].length);
            }
            return new Moments(mean, std);
        }
    }

    /** z' = a z + b per channel: the writer's weights (and bias) scaled by a, the shift added to its bias. */
    private static void correct(ComputationGraph net, NetworkGraph graph, Writer w, Moments now, double[] mean, double[] std) {
        int n = mean.length;
        double[] scale = new double[n];
        double[] shift = new double[n];
        for (int c = 0; c < n; c++) {
            scale[c] = now.std()[c] > DEAD ? std[c] / now.std()[c] : 1;
            shift[c] = mean[c] - scale[c] * now.mean()[c];
        }
        Layer layer = net.getLayer(w.vertex());
        INDArray a = Nd4j.createFromArray(scale).castTo(layer.getParam("W").dataType());
        boolean dense = graph.node(w.vertex()).kind() == LayerKind.DENSE;
        INDArray weightsParam = layer.getParam("W");
        if (dense) {
            layer.setParam("W", weightsParam.mulRowVector(a.reshape(1, n)));
        } else {
            INDArray rows = weightsParam.reshape('c', n, weightsParam.length() / n).mulColumnVector(a.reshape(n, 1));
            layer.setParam("W", rows.reshape('c', weightsParam.shape()));
        }
        INDArray bias = layer.paramTable().get("b");
        if (bias != null) {
            layer.setParam("b", bias.mul(a.reshape(bias.shape())));
        }
        String norm = PreActivations.foldedNorm(graph, w.group(), w.vertex());
        INDArray target = norm != null ? net.getLayer(norm).getParam("beta") : bias != null ? layer.getParam("b") : null;
        if (target == null) {
            return; // no bias to carry the shift: the scale alone is corrected
        }
        INDArray add = Nd4j.createFromArray(shift).castTo(target.dataType()).reshape(target.shape());
        INDArray newValue = norm != null ? target.mul(a.reshape(target.shape())).add(add) : target.add(add);
        if (norm != null) {
            net.getLayer(norm).setParam("beta", newValue);
        } else {
            layer.setParam("b", newValue);
        }
    }
}
