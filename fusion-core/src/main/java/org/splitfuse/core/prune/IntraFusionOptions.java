package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.BatchNormFolding;

/**
 * Settings of Intra-Fusion (SPEC section 3). Defaults: the m most important pairings as targets,
 * p = 1, bias in the pairing vectors, uniform marginals, exact OT, BatchNorm folded with
 * sqrt(var + eps), merge mode {@link MergeMode#RESCALED}: over single groups at 30-70% sparsity, no
 * data, its mean accuracy was above the mean of the per-cell best of the two published modes on two
 * VGG11-BN and two ResNet18 checkpoints (docs/results/data-free.md, docs/intra-fusion.md).
 * {@link #paperCode()} keeps the paper's mode.
 *
 * @param sinkhornReg 0 for exact OT (the paper's choice), else the entropic regularisation
 */
public record IntraFusionOptions(Targets targets, double p, boolean includeBias, Marginals sourceMarginal,
                                 Marginals targetMarginal, double sinkhornReg, MergeMode mode,
                                 BatchNormFolding.Variant folding, long seed) {

    /** Where the m surviving neurons come from. */
    public enum Targets { MOST_IMPORTANT, KMEANS }

    public enum Marginals { UNIFORM, IMPORTANCE }

    /** How the transport plan becomes merge coefficients (SPEC 3, step 6). */
    public enum MergeMode {
        /** A = T^T diag(1/mu) for producers and consumers alike, as the paper's published code. */
        PAPER,
        /** Producers get the per-target average diag(1/nu) T^T, consumers the per-source split T^T diag(1/mu). */
        PRESERVING,
        /**
         * Preserving mode with each target's producer row (weights and bias) scaled so that its weight
         * norm is the mass-weighted mean of its sources' norms ({@link NormRestoring}), the scale kept
         * between the average's 1 and the paper's sum; consumers as in both other modes.
         */
        RESCALED
    }

    public IntraFusionOptions {
        if (!(p >= 1) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("the cost's p-norm needs p >= 1, got " + p);
        }
        if (!(sinkhornReg >= 0) || Double.isInfinite(sinkhornReg)) {
            throw new IllegalArgumentException("sinkhorn regularisation must be >= 0 (0 = exact OT), got " + sinkhornReg);
        }
    }

    public static IntraFusionOptions defaults() {
        return new IntraFusionOptions(Targets.MOST_IMPORTANT, 1, true, Marginals.UNIFORM, Marginals.UNIFORM, 0,
                MergeMode.RESCALED, BatchNormFolding.Variant.EXACT, 1);
    }

    /** The published code's choices: no bias in the vectors, fold with sqrt(var), paper normalisation. */
    public static IntraFusionOptions paperCode() {
        return defaults().withMode(MergeMode.PAPER).withBias(false).withFolding(BatchNormFolding.Variant.PAPER_CODE);
    }

    public IntraFusionOptions withMode(MergeMode m) {
        return new IntraFusionOptions(targets, p, includeBias, sourceMarginal, targetMarginal, sinkhornReg, m, folding, seed);
    }

    public IntraFusionOptions withBias(boolean b) {
        return new IntraFusionOptions(targets, p, b, sourceMarginal, targetMarginal, sinkhornReg, mode, folding, seed);
    }

    public IntraFusionOptions withFolding(BatchNormFolding.Variant f) {
        return new IntraFusionOptions(targets, p, includeBias, sourceMarginal, targetMarginal, sinkhornReg, mode, f, seed);
    }

    public IntraFusionOptions withTargets(Targets t) {
        return new IntraFusionOptions(t, p, includeBias, sourceMarginal, targetMarginal, sinkhornReg, mode, folding, seed);
    }

    public IntraFusionOptions withMarginals(Marginals source, Marginals target) {
        return new IntraFusionOptions(targets, p, includeBias, source, target, sinkhornReg, mode, folding, seed);
    }

    public IntraFusionOptions withSinkhorn(double reg) {
        return new IntraFusionOptions(targets, p, includeBias, sourceMarginal, targetMarginal, reg, mode, folding, seed);
    }

    public IntraFusionOptions withP(double norm) {
        return new IntraFusionOptions(targets, norm, includeBias, sourceMarginal, targetMarginal, sinkhornReg, mode, folding, seed);
    }
}
