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
import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.train.NativeMemoryGuard;

/**
 * REPAIR (Jordan et al., 2022) for a fused or pruned network: averaging neurons that are only
 * partly correlated shrinks their variance, layer after layer, until a deep network's signal is
 * gone. Walking the writers from the input, each channel's pre-activation is given, by an affine
 * correction, the mean and standard deviation of a goal over a sample of inputs: for a fused
 * network, the aligned parents' corresponding channels on average; for a pruned one, the
 * original network's channels that the channel map merged into it, and the classifier's logits
 * the original's ({@link #afterPruning}). The
 * correction is folded into the writer when its BatchNorm is in identity form (or it has none),
 * else into that BatchNorm's gamma and beta, so an unfolded network stays unfolded. No gradient
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
        return apply(fused, parents, weights, samples, Target.MEASURED);
    }

    /**
     * As {@link #apply(ComputationGraph, List, double[], INDArray)} toward {@code target}: MEASURED, the
     * parents' moments; LEAST_SQUARES, their pre-activations themselves ({@link LeastSquaresRefit}).
     * BATCHNORM is a goal of pruning only (a fused network's BatchNorms are folded).
     */
    public static ComputationGraph apply(ComputationGraph fused, List<ComputationGraph> parents, double[] weights,
                                         INDArray samples, Target target) {
        if (target == Target.BATCHNORM) {
            throw new IllegalArgumentException("the batchnorm goal is for pruning; a fused network's BatchNorms are folded");
        }
        requireSamples(samples);
        if (parents.size() != weights.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + parents.size() + " parents");
        }
        if (target == Target.LEAST_SQUARES) {
            return LeastSquaresRefit.afterFusion(fused, parents, weights, samples);
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
        toGoals(net, graph, writers, goalMean, goalStd, samples);
        return net;
    }

    /** Where the goal of a pruned network's channels comes from. */
    public enum Target {
        /** The original network's channels as measured on the sample (the REPAIR rule). */
        MEASURED,
        /**
         * BatchNorm re-estimation: a channel's goal is its original BatchNorm's nominal output,
         * mean beta and std |gamma| (what re-computing the running statistics on the sample gives);
         * measured where the writer has no BatchNorm or it is already folded.
         */
        BATCHNORM,
        /**
         * Not the moments but the pre-activations themselves: each writer refit by least squares to
         * the measured goal on the sample ({@link LeastSquaresRefit}), writer after writer from the input.
         */
        LEAST_SQUARES
    }

    /**
     * REPAIR after pruning (default pruning or Intra-Fusion, which differ only in the channel maps):
     * each surviving channel's goal is the weighted average of the mean and std of the original
     * channels its producer map row combines (weights |row|, normalised): the kept channel's for a
     * selection, the cluster's for a merge. Groups without a map keep their channels' own goals.
     *
     * @param original the network before this pruning step (BatchNorms folded or not)
     * @param maps     the channel map of each pruned group, by group id (ids as in {@code original})
     * @param pruned   the surgery's result (not modified)
     * @param samples  inputs, e.g. a few hundred training images
     * @return the repaired copy of {@code pruned}, folded or unfolded as {@code pruned} was
     */
    public static ComputationGraph afterPruning(ComputationGraph original, Map<Integer, ChannelMap> maps,
                                                ComputationGraph pruned, INDArray samples, Target target) {
        requireSamples(samples);
        if (target == Target.LEAST_SQUARES) {
            return LeastSquaresRefit.afterPruning(original, maps, pruned, samples);
        }
        // the original's function exactly: its pre-activations are its BatchNorms' outputs
        ComputationGraph before = BatchNormFolding.fold(original);
        NetworkGraph beforeGraph = NetworkGraph.of(before);
        NetworkGraph originalGraph = NetworkGraph.of(original);
        ChannelGroups beforeGroups = ChannelGroups.of(before);
        Map<String, INDArray> forward = before.feedForward(samples, false);

        ComputationGraph net = pruned.clone();
        NetworkGraph graph = NetworkGraph.of(net);
        List<Writer> writers = writers(ChannelGroups.of(net), graph);
        // the classifier's logits too (a per-class shift left by pruning moves every prediction): for
        // them the "group" is the classes, never pruned, each class its own goal
        List<Writer> classifiers = classifiers(graph);
        writers.addAll(classifiers);
        double[][] goalMean = new double[writers.size()][];
        double[][] goalStd = new double[writers.size()][];
        for (int i = 0; i < writers.size(); i++) {
            Writer w = writers.get(i);
            ChannelGroup was = classifiers.contains(w) ? w.group() : beforeGroups.get(w.group().id());
            Moments source = Moments.of(PreActivations.ofWriter(before, beforeGraph, was, w.vertex(), forward));
            if (target == Target.BATCHNORM) {
                source = nominal(original, originalGraph, was, w.vertex(), source);
            }
            double[][] weights = goalWeights(classifiers.contains(w) ? null : maps.get(was.id()), was.size());
            goalMean[i] = new double[weights.length];
            goalStd[i] = new double[weights.length];
            for (int j = 0; j < weights.length; j++) {
                if (weights[j] == null) {
                    goalMean[i][j] = Double.NaN; // nothing written into it: left as it is
                    continue;
                }
                for (int c = 0; c < weights[j].length; c++) {
                    goalMean[i][j] += weights[j][c] * source.mean()[c];
                    goalStd[i][j] += weights[j][c] * source.std()[c];
                }
            }
        }
        NativeMemoryGuard.shared().check();
        toGoals(net, graph, writers, goalMean, goalStd, samples);
        return net;
    }

    /**
     * Per surviving channel, the weights of the original channels its goal is made of: its producer
     * map row's |entries|, normalised (the kept channel for a selection, the cluster for a merge); null
     * where nothing is written into it. No map: each channel its own goal.
     */
    static double[][] goalWeights(ChannelMap map, int originalSize) {
        double[][] rows = map != null ? map.producer() : ChannelMap.identity(originalSize).producer();
        double[][] weights = new double[rows.length][];
        for (int j = 0; j < rows.length; j++) {
            double total = 0;
            for (double v : rows[j]) {
                total += Math.abs(v);
            }
            if (total > 0) {
                weights[j] = new double[rows[j].length];
                for (int c = 0; c < rows[j].length; c++) {
                    weights[j][c] = Math.abs(rows[j][c]) / total;
                }
            }
        }
        return weights;
    }

    /** The network's classifier layers as writers of a pseudo-group of their classes (id -1 - index). */
    static List<Writer> classifiers(NetworkGraph graph) {
        List<Writer> out = new ArrayList<>();
        for (var node : graph.nodes()) {
            if (node.kind() == LayerKind.OUTPUT && node.layer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o) {
                ChannelGroup classes = new ChannelGroup(-1 - out.size(), (int) o.getNOut(),
                        List.of(new Slice(node.name(), Slice.Role.PRODUCER, 0, 1)));
                out.add(new Writer(classes, node.name(), node.order()));
            }
        }
        return out;
    }

    /** BATCHNORM goals: beta and |gamma| of the writer's own BatchNorm where it is not in identity form. */
    private static Moments nominal(ComputationGraph original, NetworkGraph graph, ChannelGroup group, String writer,
                                   Moments measured) {
        String norm = PreActivations.foldedNorm(graph, group, writer);
        if (norm == null || BatchNormFolding.isFolded(original, norm)) {
            return measured;
        }
        Layer bn = original.getLayer(norm);
        double[] gamma = bn.getParam("gamma").toDoubleVector();
        double[] beta = bn.getParam("beta").toDoubleVector();
        double[] std = new double[gamma.length];
        for (int c = 0; c < std.length; c++) {
            std[c] = Math.abs(gamma[c]);
        }
        return new Moments(beta, std);
    }

    static void requireSamples(INDArray samples) {
        if (samples == null || samples.size(0) < 2) {
            throw new IllegalArgumentException("REPAIR needs a sample of at least 2 inputs");
        }
    }

    /**
     * Corrects the writers in order, each measured after the corrections before it. A writer whose
     * BatchNorm is not folded is measured on a folded copy (its pre-activation is that BatchNorm's output).
     */
    private static void toGoals(ComputationGraph net, NetworkGraph graph, List<Writer> writers, double[][] goalMean,
                                double[][] goalStd, INDArray samples) {
        for (int i = 0; i < writers.size(); i++) {
            Writer w = writers.get(i);
            String norm = PreActivations.foldedNorm(graph, w.group(), w.vertex());
            boolean unfolded = norm != null && !BatchNormFolding.isFolded(net, norm);
            ComputationGraph view = unfolded ? BatchNormFolding.fold(net) : net;
            NetworkGraph viewGraph = unfolded ? NetworkGraph.of(view) : graph;
            Moments now = Moments.of(PreActivations.ofWriter(view, viewGraph, w.group(), w.vertex(),
                    view.feedForward(samples, false)));
            if (unfolded) {
                correctNorm(net, norm, now, goalMean[i], goalStd[i]);
            } else {
                correct(net, graph, w, now, goalMean[i], goalStd[i]);
            }
            NativeMemoryGuard.shared().check();
        }
    }

    record Writer(ChannelGroup group, String vertex, int order) {
    }

    /** Every writer of every group, in topological order: a correction changes what later writers see. */
    static List<Writer> writers(ChannelGroups groups, NetworkGraph graph) {
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

    /** Per channel the a and b of z' = a z + b that take {@code now} to the goal (a NaN goal mean: a = 1, b = 0). */
    private static double[][] affine(Moments now, double[] mean, double[] std) {
        int n = mean.length;
        double[] scale = new double[n];
        double[] shift = new double[n];
        for (int c = 0; c < n; c++) {
            if (Double.isNaN(mean[c])) {
                scale[c] = 1;
                continue;
            }
            scale[c] = now.std()[c] > DEAD ? std[c] / now.std()[c] : 1;
            shift[c] = mean[c] - scale[c] * now.mean()[c];
        }
        return new double[][] {scale, shift};
    }

    /** An unfolded BatchNorm's output y becomes a y + b: gamma scaled by a, beta by a plus b. */
    private static void correctNorm(ComputationGraph net, String norm, Moments now, double[] mean, double[] std) {
        double[][] ab = affine(now, mean, std);
        Layer bn = net.getLayer(norm);
        INDArray gamma = bn.getParam("gamma");
        INDArray beta = bn.getParam("beta");
        if (gamma == null || beta == null) {
            throw new IllegalStateException("REPAIR cannot correct BatchNorm '" + norm + "': its gamma and beta are locked");
        }
        INDArray a = Nd4j.createFromArray(ab[0]).castTo(gamma.dataType()).reshape(gamma.shape());
        INDArray b = Nd4j.createFromArray(ab[1]).castTo(beta.dataType()).reshape(beta.shape());
        bn.setParam("gamma", gamma.mul(a));
        bn.setParam("beta", beta.mul(a).add(b));
    }

    /** z' = a z + b per channel: the writer's weights (and bias) scaled by a, the shift added to its bias. */
    private static void correct(ComputationGraph net, NetworkGraph graph, Writer w, Moments now, double[] mean, double[] std) {
        int n = mean.length;
        double[][] ab = affine(now, mean, std);
        double[] scale = ab[0];
        double[] shift = ab[1];
        Layer layer = net.getLayer(w.vertex());
        INDArray a = Nd4j.createFromArray(scale).castTo(layer.getParam("W").dataType());
        LayerKind kind = graph.node(w.vertex()).kind();
        boolean dense = kind == LayerKind.DENSE || kind == LayerKind.OUTPUT;
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
