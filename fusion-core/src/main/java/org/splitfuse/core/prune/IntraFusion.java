package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.surgery.PairingVectors;
import org.splitfuse.core.surgery.TransportMaps;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.ot.CostMatrix;
import org.splitfuse.core.ot.TransportPlan;
import org.splitfuse.core.ot.TransportSolver;

/**
 * Intra-Fusion (SPEC section 3): instead of dropping the least important neurons, every neuron
 * of the group is transported onto m targets by exact OT between their pairing vectors, and the
 * plan becomes a merging channel map for the same surgery that default pruning uses.
 */
public final class IntraFusion implements ChannelMapSource {

    private final IntraFusionOptions options;

    public IntraFusion(IntraFusionOptions options) {
        this.options = options;
    }

    public IntraFusionOptions options() {
        return options;
    }

    /** Merging needs identity BatchNorms: fold them first (SPEC 3, step 0). */
    @Override
    public ComputationGraph prepare(ComputationGraph net) {
        return BatchNormFolding.fold(net, options.folding());
    }

    @Override
    public ChannelMap map(ComputationGraph net, ChannelGroup group, double[] importance, int keep) {
        int n = group.size();
        double[][] sources = PairingVectors.of(net, group, options.includeBias());
        int[] targetIndices = KeepMostImportant.topIndices(importance, keep);
        double[][] targets = options.targets() == IntraFusionOptions.Targets.KMEANS
                ? PairingVectors.unitRows(KMeans.centroids(sources, keep, options.seed() + group.id(), 100))
                : pick(sources, targetIndices);
        double[] mu = marginal(options.sourceMarginal(), importance, null);
        double[] nu = marginal(options.targetMarginal(), importance, targetIndices);
        double[][] cost = CostMatrix.minkowski(sources, targets, options.p());
        TransportSolver solver = options.sinkhornReg() > 0
                ? TransportSolver.sinkhorn(options.sinkhornReg()) : TransportSolver.exact();
        TransportPlan plan = solver.solve(mu, nu, cost);
        double[][] dense = plan.toDense();
        ChannelMap merge = mergeMap(dense, mu, plan.targetSums(), options.mode());
        return options.mode() == IntraFusionOptions.MergeMode.RESCALED
                ? NormRestoring.rescale(merge, PairingVectors.producerWeights(net, group), dense, mu)
                : merge;
    }

    /**
     * Turns an n x m plan into merge coefficients (m x n). Producers: paper mode T^T diag(1/mu),
     * preserving (and, before its rescaling, rescaled) mode diag(1/nu) T^T; consumers: T^T diag(1/mu) in both modes.
     */
    static ChannelMap mergeMap(double[][] plan, double[] mu, double[] nu, IntraFusionOptions.MergeMode mode) {
        double[][] split = TransportMaps.perSourceSplit(plan, mu);
        double[][] producer = mode == IntraFusionOptions.MergeMode.PAPER ? split : TransportMaps.perTargetAverage(plan, nu);
        return ChannelMap.merging(producer, split);
    }

    private static double[][] pick(double[][] rows, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }

    /** Uniform, or proportional to importance (of the targets when indices are given); sums to 1. */
    private static double[] marginal(IntraFusionOptions.Marginals kind, double[] importance, int[] indices) {
        int size = indices == null ? importance.length : indices.length;
        double[] w = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            double v = kind == IntraFusionOptions.Marginals.UNIFORM ? 1
                    : Math.max(0, importance[indices == null ? i : indices[i]]);
            w[i] = v;
            total += v;
        }
        for (int i = 0; i < size; i++) {
            w[i] = total > 0 ? w[i] / total : 1.0 / size;
        }
        return w;
    }

    @Override
    public String name() {
        return switch (options.mode()) {
            case PAPER -> "if-paper";
            case PRESERVING -> "if-preserving";
            case RESCALED -> "if-rescaled";
        };
    }
}
