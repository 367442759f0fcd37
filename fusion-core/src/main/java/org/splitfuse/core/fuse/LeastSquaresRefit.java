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
    /** A BatchNorm scale below this leaves its channel as it is (it cannot carry a refit weight). */
    private static final double DEAD_SCALE = 1e-8;
    /** Samples per im2col chunk (native memory stays bounded on wide networks). */
    private static final int CHUNK = 64;

    private LeastSquaresRefit() {
    }

    /** Same arguments and result as {@link ActivationRepair#afterPruning}. */
    static ComputationGraph afterPruning(ComputationGraph original, Map<Integer, ChannelMap> maps,
                                         ComputationGraph pruned, INDArray samples) {
        ActivationRepair.requireSamples(samples);
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
     * {@link ActivationRepair#apply}; the result is folded, as the fused network is.
     */
    static ComputationGraph afterFusion(ComputationGraph fused, List<ComputationGraph> parents, double[] weights,
                                        INDArray samples) {
        ActivationRepair.requireSamples(samples);
        if (parents.size() != weights.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + parents.size() + " parents");
        }
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

    /** The writer's effective map y = x w + c, with y = a (x W + b - mean) + beta through its BatchNorm. */
    private record Effective(double[] scale, double[] offset, boolean intercept) {
    }

    private static void refit(ComputationGraph net, NetworkGraph graph, ActivationRepair.Writer w, double[][] goal,
                              INDArray samples) {
        GraphNode node = graph.node(w.vertex());
        boolean conv = node.kind() == LayerKind.CONVOLUTION;
        Layer layer = net.getLayer(w.vertex());
        String norm = PreActivations.foldedNorm(graph, w.group(), w.vertex());
        Effective eff = effective(node, layer, norm == null ? null : net.getLayer(norm));
        int m = goal.length;
        double[][] current = effectiveWeights(layer.getParam(SliceParams.WEIGHT), conv, eff.scale());
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
                : net.feedForward(samples, layerIndex(net, w.vertex()), false).get(inputVertex);
        if (input == null) { // a vertex the partial pass does not report
            input = net.feedForward(samples, false).get(inputVertex);
        }
        int[] picked = pick(n * positions, Math.max(MAX_ROWS, 8 * dim), w.order());
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
            INDArray rows = design(node, input.get(NDArrayIndex.interval(n0, n1)), positions);
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
        writeBack(node, layer, norm == null ? null : net.getLayer(norm), eff, solution, goal, features,
                gram.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    /** The layer's position in the network's layer array (what a partial feedForward counts). */
    private static int layerIndex(ComputationGraph net, String layer) {
        Layer[] layers = net.getLayers();
        Layer wanted = net.getLayer(layer);
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == wanted) {
                return i;
            }
        }
        throw new IllegalStateException("no layer '" + layer + "'");
    }

    /** The writer's weights times its BatchNorm scale per output channel, as (features x channels). */
    private static double[][] effectiveWeights(INDArray weights, boolean conv, double[] scale) {
        int m = scale.length;
        double[][] w = conv ? weights.reshape('c', m, weights.length() / m).castTo(DataType.DOUBLE).toDoubleMatrix()
                : weights.castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
        double[][] out = new double[w[0].length][m];
        for (int j = 0; j < m; j++) {
            for (int f = 0; f < w[j].length; f++) {
                out[f][j] = w[j][f] * scale[j];
            }
        }
        return out;
    }

    /** Sorted row indices: all rows, or a random subset of {@code most} (seeded by the writer's position). */
    private static int[] pick(long total, int most, int seed) {
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many sample positions for a refit: " + total);
        }
        int all = (int) total;
        int[] rows = new int[all];
        for (int i = 0; i < all; i++) {
            rows[i] = i;
        }
        if (all <= most) {
            return rows;
        }
        Random random = new Random(seed);
        for (int i = 0; i < most; i++) { // partial Fisher-Yates
            int j = i + random.nextInt(all - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] subset = Arrays.copyOf(rows, most);
        Arrays.sort(subset);
        return subset;
    }

    /**
     * The writer's inputs as rows, one per sample position (sample-major, then output row and column,
     * as {@link PreActivations} orders a channel's values): im2col patches for a convolution, the
     * flattened input for a dense layer.
     */
    private static INDArray design(GraphNode node, INDArray input, long positions) {
        if (node.kind() != LayerKind.CONVOLUTION) {
            return input.rank() > 2 ? input.reshape('c', input.size(0), input.length() / input.size(0)) : input;
        }
        ConvolutionLayer c = (ConvolutionLayer) node.layer();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        if (c.getConvolutionMode() == org.deeplearning4j.nn.conf.ConvolutionMode.Same) {
            throw new IllegalStateException("least-squares refit supports explicit padding only: '" + node.name() + "'");
        }
        INDArray cols = Convolution.im2col(input.dup('c'), k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], false);
        long n = cols.size(0);
        if (cols.size(4) * cols.size(5) != positions) {
            throw new IllegalStateException("writer '" + node.name() + "': im2col gives " + cols.size(4) + "x"
                    + cols.size(5) + " positions, its output has " + positions);
        }
        return cols.permute(0, 4, 5, 1, 2, 3).dup('c').reshape('c', n * positions, cols.size(1) * k[0] * k[1]);
    }

    private static Effective effective(GraphNode node, Layer layer, Layer bn) {
        int m = (int) (node.kind() == LayerKind.CONVOLUTION ? layer.getParam(SliceParams.WEIGHT).size(0)
                : layer.getParam(SliceParams.WEIGHT).size(1));
        double[] bias = SliceParams.hasBias(node) ? layer.getParam(SliceParams.BIAS).castTo(DataType.DOUBLE).toDoubleVector()
                : new double[m];
        if (bn == null) {
            double[] ones = new double[m];
            Arrays.fill(ones, 1);
            return new Effective(ones, bias, SliceParams.hasBias(node));
        }
        BatchNormalization conf = (BatchNormalization) bn.conf().getLayer();
        if (conf.isLockGammaBeta()) {
            throw new IllegalStateException("least-squares refit cannot write through BatchNorm with locked gamma and beta");
        }
        double[] gamma = bn.getParam(SliceParams.GAMMA).castTo(DataType.DOUBLE).toDoubleVector();
        double[] beta = bn.getParam(SliceParams.BETA).castTo(DataType.DOUBLE).toDoubleVector();
        double[] mean = bn.getParam(SliceParams.MEAN).castTo(DataType.DOUBLE).toDoubleVector();
        double[] scale = new double[m];
        double[] offset = new double[m];
        for (int j = 0; j < m; j++) {
            double std = conf.isUseLogStd() ? Math.pow(10, bn.getParam(SliceParams.LOG_STD).getDouble(j))
                    : Math.sqrt(bn.getParam(SliceParams.VAR).getDouble(j) + conf.getEps());
            scale[j] = gamma[j] / std;
            offset[j] = scale[j] * (bias[j] - mean[j]) + beta[j];
        }
        return new Effective(scale, offset, true);
    }

    /** Each channel with a goal takes the fit: weights divided by its scale, the constant into beta or bias. */
    private static void writeBack(GraphNode node, Layer layer, Layer bn, Effective eff, double[][] solution,
                                  double[][] goal, int features, double[][] gram) {
        boolean conv = node.kind() == LayerKind.CONVOLUTION;
        INDArray wParam = layer.getParam(SliceParams.WEIGHT);
        int m = goal.length;
        double[][] rows = conv ? wParam.reshape('c', m, features).castTo(DataType.DOUBLE).toDoubleMatrix()
                : wParam.castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
        boolean hasBias = SliceParams.hasBias(node);
        double[] bias = hasBias ? layer.getParam(SliceParams.BIAS).castTo(DataType.DOUBLE).toDoubleVector() : null;
        double[] beta = bn != null ? bn.getParam(SliceParams.BETA).castTo(DataType.DOUBLE).toDoubleVector() : null;
        for (int j = 0; j < m; j++) {
            double a = eff.scale()[j];
            if (goal[j] == null || Math.abs(a) < DEAD_SCALE) {
                continue;
            }
            for (int f = 0; f < features; f++) {
                rows[j][f] = solution[f][j] / a;
            }
            if (!eff.intercept()) {
                continue;
            }
            double constant = solution[features][j];
            if (bn != null) {
                // constant = a (b - mean) + beta: beta takes what the unchanged bias and mean do not give
                beta[j] += constant - eff.offset()[j];
            } else {
                bias[j] = constant;
            }
        }
        INDArray w = Nd4j.createFromArray(rows).castTo(wParam.dataType());
        layer.setParam(SliceParams.WEIGHT, conv ? w.reshape('c', wParam.shape()) : w.transpose().dup('c'));
        if (bias != null && bn == null) {
            INDArray b = layer.getParam(SliceParams.BIAS);
            layer.setParam(SliceParams.BIAS, Nd4j.createFromArray(bias).castTo(b.dataType()).reshape(b.shape()));
        }
        if (bn != null) {
            restandardise(bn, eff, rows, bias, beta, goal, gram);
        }
    }

    /**
     * Gives the BatchNorm the running statistics of its refit input on the sample and compensates in
     * gamma and beta: the same inference function, but training mode, which normalises by the batch's
     * statistics, now starts from it too (otherwise fine-tuning after the refit starts from a network
     * whose new input scale and shift the batch normalisation undoes). From the Gram matrix of the
     * inputs (its last row and column the intercept's: the sums and the count).
     */
    private static void restandardise(Layer bn, Effective eff, double[][] rows, double[] bias, double[] beta,
                                      double[][] goal, double[][] gram) {
        BatchNormalization conf = (BatchNormalization) bn.conf().getLayer();
        double eps = conf.getEps();
        int features = rows[0].length;
        double count = gram[features][features];
        double[] gamma = bn.getParam(SliceParams.GAMMA).castTo(DataType.DOUBLE).toDoubleVector();
        double[] mean = bn.getParam(SliceParams.MEAN).castTo(DataType.DOUBLE).toDoubleVector();
        double[] var = new double[mean.length];
        for (int j = 0; j < var.length; j++) {
            var[j] = conf.isUseLogStd() ? Math.pow(10, 2 * bn.getParam(SliceParams.LOG_STD).getDouble(j)) - eps
                    : bn.getParam(SliceParams.VAR).getDouble(j);
        }
        for (int j = 0; j < rows.length; j++) {
            double a = eff.scale()[j];
            if (goal[j] == null || Math.abs(a) < DEAD_SCALE || count < 2) {
                continue;
            }
            double[] u = Arrays.copyOf(rows[j], features + 1);
            u[features] = bias != null ? bias[j] : 0;
            double sum = 0;
            double square = 0;
            for (int f = 0; f <= features; f++) {
                sum += gram[features][f] * u[f];
                double gu = 0;
                for (int g = 0; g <= features; g++) {
                    gu += gram[f][g] * u[g];
                }
                square += u[f] * gu;
            }
            double newMean = sum / count;
            double newVar = Math.max(square / count - newMean * newMean, 0);
            beta[j] += a * (newMean - mean[j]);
            gamma[j] = a * Math.sqrt(newVar + eps);
            mean[j] = newMean;
            var[j] = newVar;
        }
        set(bn, SliceParams.GAMMA, gamma);
        set(bn, SliceParams.BETA, beta);
        set(bn, SliceParams.MEAN, mean);
        if (conf.isUseLogStd()) {
            double[] logStd = new double[var.length];
            for (int j = 0; j < var.length; j++) {
                logStd[j] = Math.log10(Math.sqrt(var[j] + eps));
            }
            set(bn, SliceParams.LOG_STD, logStd);
        } else {
            set(bn, SliceParams.VAR, var);
        }
    }

    private static void set(Layer layer, String key, double[] values) {
        INDArray p = layer.getParam(key);
        layer.setParam(key, Nd4j.createFromArray(values).castTo(p.dataType()).reshape(p.shape()));
    }
}
