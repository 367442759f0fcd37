package org.splitfuse.core.fuse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.SliceParams;
import org.splitfuse.core.train.NativeMemoryGuard;

/**
 * Least-squares refit after pruning, the layer-wise reconstruction of ThiNet (Luo et al., 2017) and
 * of He et al.'s channel pruning (2017) with REPAIR's goals: walking the writers from the input, each
 * writer's weights and bias are refit so that its pre-activations on a sample of inputs come as close
 * as they can, in least squares, to the original network's pre-activations of the channels its map
 * merged into it (weighted as {@link ActivationRepair#goalWeights} weighs them), the classifier's to
 * the original logits. Each writer is fit to the inputs the writers before it now give, so what an
 * earlier layer lost is made up for by the next one instead of carried on. A small ridge toward the
 * current weights keeps directions the sample does not excite where they were. The fit is written
 * back through the writer's BatchNorm (weights divided by its scale, the constant into its beta), which
 * then takes the running statistics of its refit input on the sample, gamma and beta compensating:
 * the same function in inference, and training mode, which normalises by batch statistics, starts
 * from it too (a folded BatchNorm is thereby unfolded). Only forward passes and one linear solve per
 * writer.
 */
final class LeastSquaresRefit {

    /**
     * Rows (sample positions) per writer's fit: at most this many, or 8 per unknown where that is more;
     * a random subset beyond (fixed seed).
     */
    static final int MAX_ROWS = 16_384;
    /** Ridge strength, relative to the mean diagonal of the inputs' Gram matrix. */
    static final double RIDGE = 1e-4;
    /** Samples per im2col chunk (native memory stays bounded on wide networks). */
    private static final int CHUNK = 64;

    private LeastSquaresRefit() {
    }

    /** Same arguments and result as {@link ActivationRepair#afterPruning}, which checks them. */
    static ComputationGraph afterPruning(ComputationGraph original, Map<Integer, ChannelMap> maps,
                                         ComputationGraph pruned, INDArray samples) {
        ComputationGraph before = BatchNormFolding.fold(original);
        NetworkGraph beforeGraph = NetworkGraph.of(before);
        ChannelGroups beforeGroups = ChannelGroups.of(before);
        Map<String, INDArray> goalForward = before.feedForward(samples, false);
        return refitAll(pruned.clone(), samples, (w, classifier) -> {
            ChannelGroup was = classifier ? w.group() : beforeGroups.get(w.group().id());
            double[][] source = PreActivations.ofWriter(before, beforeGraph, was, w.vertex(), goalForward);
            return goals(source, ActivationRepair.goalWeights(classifier ? null : maps.get(was.id()), was.size()));
        });
    }

    /**
     * After fusion: each writer of the fused network refit to the weighted average of the aligned
     * parents' pre-activations (the classifier to their average logits). Same arguments as
     * {@link ActivationRepair#apply}, which checks them; the refit BatchNorms take their inputs' statistics.
     */
    static ComputationGraph afterFusion(ComputationGraph fused, List<ComputationGraph> parents, double[] weights,
                                        INDArray samples) {
        double total = Arrays.stream(weights).sum();
        List<NetworkGraph> graphs = parents.stream().map(NetworkGraph::of).toList();
        List<Map<String, INDArray>> forwards = parents.stream().map(p -> p.feedForward(samples, false)).toList();
        return refitAll(BatchNormFolding.fold(fused), samples, (w, classifier) -> {
            double[][] goal = null;
            for (int k = 0; k < parents.size(); k++) {
                double[][] z = PreActivations.ofWriter(parents.get(k), graphs.get(k), w.group(), w.vertex(), forwards.get(k));
                if (goal == null) {
                    goal = new double[z.length][z[0].length];
                }
                double share = weights[k] / total;
                for (int c = 0; c < z.length; c++) {
                    for (int i = 0; i < z[c].length; i++) {
                        goal[c][i] += share * z[c][i];
                    }
                }
            }
            return goal;
        });
    }

    /** A writer's goal pre-activations per channel (null rows: none), given whether it is the classifier. */
    @FunctionalInterface
    private interface Goals {
        double[][] of(ActivationRepair.Writer writer, boolean classifier);
    }

    /** Refits every writer of {@code net} (modified and returned) in topological order, the classifiers last. */
    private static ComputationGraph refitAll(ComputationGraph net, INDArray samples, Goals goals) {
        NetworkGraph graph = NetworkGraph.of(net);
        List<ActivationRepair.Writer> writers = ActivationRepair.writers(ChannelGroups.of(net), graph);
        List<ActivationRepair.Writer> classifiers = ActivationRepair.classifiers(graph);
        writers.addAll(classifiers);
        for (ActivationRepair.Writer w : writers) {
            refit(net, graph, w, goals.of(w, classifiers.contains(w)), samples);
            NativeMemoryGuard.shared().check();
        }
        return net;
    }

    /** Per surviving channel its goal pre-activations (null: nothing written into it). */
    private static double[][] goals(double[][] source, double[][] weights) {
        double[][] goal = new double[weights.length][];
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] == null) {
                continue;
            }
            goal[j] = new double[source[0].length];
            for (int c = 0; c < weights[j].length; c++) {
                double wc = weights[j][c];
                if (wc == 0) {
                    continue;
                }
                double[] z = source[c];
                for (int i = 0; i < z.length; i++) {
                    goal[j][i] += wc * z[i];
                }
            }
        }
        return goal;
    }

    private static void refit(ComputationGraph net, NetworkGraph graph, ActivationRepair.Writer w, double[][] goal,
                              INDArray samples) {
        GraphNode node = graph.node(w.vertex());
        boolean conv = node.kind() == LayerKind.CONVOLUTION;
        Layer layer = net.getLayer(w.vertex());
        String norm = PreActivations.foldedNorm(graph, w.group(), w.vertex());
        EffectiveWriter.Effective eff = EffectiveWriter.of(node, layer, norm == null ? null : net.getLayer(norm));
        int m = goal.length;
        double[][] current = EffectiveWriter.weights(layer.getParam(SliceParams.WEIGHT), conv, eff.scale());
        int features = current.length;
        int dim = features + (eff.intercept() ? 1 : 0);
        long n = samples.size(0);
        int goalLength = Arrays.stream(goal).filter(g -> g != null).findFirst().map(g -> g.length).orElse(0);
        if (goalLength == 0) {
            return; // no channel of this writer has a goal
        }
        long positions = goalLength / n;

        // the forward pass only as far as the writer's input
        String inputVertex = node.inputs().get(0);
        INDArray input = net.getConfiguration().getNetworkInputs().contains(inputVertex) ? samples
                : net.feedForward(samples, WriterRows.layerIndex(net, w.vertex()), false).get(inputVertex);
        if (input == null) { // a vertex the partial pass does not report
            input = net.feedForward(samples, false).get(inputVertex);
        }
        int[] picked = WriterRows.pick(n * positions, Math.max(MAX_ROWS, 8 * dim), w.order());
        // Gram matrix and cross products in float (BLAS at twice the speed), solved in double
        INDArray gram = Nd4j.zeros(DataType.FLOAT, dim, dim);
        INDArray cross = Nd4j.zeros(DataType.FLOAT, dim, m);
        int at = 0;
        for (long n0 = 0; n0 < n && at < picked.length; n0 += CHUNK) {
            long n1 = Math.min(n, n0 + CHUNK);
            int from = at;
            while (at < picked.length && picked[at] < n1 * positions) {
                at++;
            }
            if (at == from) {
                continue;
            }
            INDArray rows = WriterRows.design(node, input.get(NDArrayIndex.interval(n0, n1)), positions);
            if (rows.size(1) != features) {
                throw new IllegalStateException("writer '" + w.vertex() + "': " + rows.size(1) + " input features, "
                        + features + " weights per channel");
            }
            int[] local = new int[at - from];
            double[][] y = new double[at - from][m];
            for (int r = from; r < at; r++) {
                local[r - from] = (int) (picked[r] - n0 * positions);
                for (int j = 0; j < m; j++) {
                    y[r - from][j] = goal[j] == null ? 0 : goal[j][picked[r]];
                }
            }
            INDArray x = Nd4j.pullRows(rows.castTo(DataType.FLOAT), 1, local);
            if (eff.intercept()) {
                x = Nd4j.hstack(x, Nd4j.ones(DataType.FLOAT, x.size(0), 1));
            }
            INDArray xt = x.transpose();
            gram.addi(xt.mmul(x));
            cross.addi(xt.mmul(Nd4j.createFromArray(y).castTo(DataType.FLOAT)));
        }
        // ridge toward the current effective map: (G + l I) v = X'y + l v_now
        double[][] anchor = new double[dim][];
        System.arraycopy(current, 0, anchor, 0, features);
        if (eff.intercept()) {
            anchor[features] = eff.offset();
        }
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            trace += gram.getDouble(i, i);
        }
        double lambda = RIDGE * Math.max(trace / dim, 1e-12);
        INDArray lhs = gram.castTo(DataType.DOUBLE).addi(Nd4j.eye(dim).castTo(DataType.DOUBLE).muli(lambda));
        INDArray rhs = cross.castTo(DataType.DOUBLE).addi(Nd4j.createFromArray(anchor).muli(lambda));
        double[][] solution = Nd4j.linalg().solve(lhs, rhs).toDoubleMatrix();
        EffectiveWriter.writeBack(node, layer, norm == null ? null : net.getLayer(norm), eff, solution, goal, features,
                gram.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

}
