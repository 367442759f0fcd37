package org.splitfuse.core.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.surgery.BatchNormFolding;

/**
 * OT fusion of K >= 1 models (SPEC section 4): BatchNorms folded, every model's neurons aligned to
 * a target model's group by group (residual streams once for all their writers and readers), then
 * the aligned models averaged. The target may be one of the models or a narrower network of the
 * same architecture (fusion as compression); the classes stay aligned.
 */
public final class OtFusion {

    private OtFusion() {
    }

    /** Fuses into the model at {@code targetIndex}, with equal weights. */
    public static ComputationGraph fuse(List<ComputationGraph> models, int targetIndex, AlignmentKind kind, INDArray samples) {
        return fuse(models, targetIndex, kind, samples, null);
    }

    /** As {@link #fuse(List, int, AlignmentKind, INDArray)}, then {@link ActivationRepair} on {@code repairSamples} unless null. */
    public static ComputationGraph fuse(List<ComputationGraph> models, int targetIndex, AlignmentKind kind, INDArray samples,
                                        INDArray repairSamples) {
        return fuse(models, targetIndex, kind, samples, repairSamples, ActivationRepair.Target.MEASURED);
    }

    /** As {@link #fuse(List, int, AlignmentKind, INDArray, INDArray)}, the repair toward {@code repairTarget}. */
    public static ComputationGraph fuse(List<ComputationGraph> models, int targetIndex, AlignmentKind kind, INDArray samples,
                                        INDArray repairSamples, ActivationRepair.Target repairTarget) {
        if (targetIndex < 0 || targetIndex >= models.size()) {
            throw new IllegalArgumentException("target index " + targetIndex + " is not one of the " + models.size() + " models");
        }
        double[] weights = new double[models.size()];
        Arrays.fill(weights, 1.0 / models.size());
        return fuseInto(models.get(targetIndex), models, weights, kind, samples, repairSamples, repairTarget);
    }

    /**
     * Aligns every model to {@code target} and averages them with the given weights.
     *
     * @param samples       inputs for activation-based alignment (the paper uses 200); ignored for weight-based
     * @param repairSamples inputs for {@link ActivationRepair} after averaging, or null for none
     */
    public static ComputationGraph fuseInto(ComputationGraph target, List<ComputationGraph> models, double[] weights,
                                            AlignmentKind kind, INDArray samples, INDArray repairSamples) {
        return fuseInto(target, models, weights, kind, samples, repairSamples, ActivationRepair.Target.MEASURED);
    }

    /** As {@link #fuseInto(ComputationGraph, List, double[], AlignmentKind, INDArray, INDArray)}, toward {@code repairTarget}. */
    public static ComputationGraph fuseInto(ComputationGraph target, List<ComputationGraph> models, double[] weights,
                                            AlignmentKind kind, INDArray samples, INDArray repairSamples,
                                            ActivationRepair.Target repairTarget) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("cannot fuse zero models");
        }
        ComputationGraph foldedTarget = BatchNormFolding.fold(target);
        List<ComputationGraph> aligned = new ArrayList<>();
        for (ComputationGraph model : models) {
            aligned.add(model == target ? foldedTarget
                    : GroupAlignment.align(BatchNormFolding.fold(model), foldedTarget, kind, samples));
        }
        ComputationGraph fused = VanillaAverage.of(aligned, weights);
        return repairSamples == null ? fused : ActivationRepair.apply(fused, aligned, weights, repairSamples, repairTarget);
    }

    /** The result of {@link #fuseToMean}: the fused network and how the iteration ended. */
    public record MeanFusion(ComputationGraph network, int rounds, boolean converged) {
    }

    /**
     * Fusion into the models' common mean rather than into one of them (the idea of Git Re-Basin's
     * MergeMany): every model aligned to model 0 and averaged, as {@link #fuse}; then, for up to
     * {@code rounds} rounds, each original model (BatchNorms folded) is aligned afresh to the mean
     * of the other models as currently aligned, and that mean updated before the next model. Stops
     * early when a round changes no model's alignment. Activation-based with {@code repairSamples},
     * the mean of the others is REPAIRed before it serves as the target. The equal-weight average
     * of the final alignments, then {@link ActivationRepair} on {@code repairSamples} unless null.
     * With K = 2 the mean of the other is one model: the result is fusion into a parent by construction.
     */
    public static MeanFusion fuseToMean(List<ComputationGraph> models, AlignmentKind kind, INDArray samples,
                                        INDArray repairSamples, int rounds) {
        return fuseToMean(models, kind, samples, repairSamples, rounds, ActivationRepair.Target.MEASURED);
    }

    /**
     * As {@link #fuseToMean(List, AlignmentKind, INDArray, INDArray, int)}, the final repair toward
     * {@code repairTarget} (the means the alignment iterates against are REPAIRed as there).
     */
    public static MeanFusion fuseToMean(List<ComputationGraph> models, AlignmentKind kind, INDArray samples,
                                        INDArray repairSamples, int rounds, ActivationRepair.Target repairTarget) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("cannot fuse zero models");
        }
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        }
        int k = models.size();
        List<ComputationGraph> folded = models.stream().map(BatchNormFolding::fold).toList();
        List<ComputationGraph> aligned = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            aligned.add(i == 0 ? folded.get(0) : GroupAlignment.align(folded.get(i), folded.get(0), kind, samples));
        }
        int done = 0;
        boolean converged = k == 1;
        while (done < rounds && !converged) {
            done++;
            converged = true;
            for (int i = 0; i < k; i++) {
                List<ComputationGraph> others = new ArrayList<>(aligned);
                others.remove(i);
                ComputationGraph mean = VanillaAverage.of(others);
                // an averaged network's deeper pre-activations fade (variance collapse); matching
                // against them is better once REPAIRed (small CNN K = 4: +1.7 iid, +10.5 skew; for
                // weight matching the same step was mixed, -6.9 / +18: docs/results/fusion.md)
                if (kind == AlignmentKind.ACTIVATION && repairSamples != null) {
                    double[] w = new double[others.size()];
                    Arrays.fill(w, 1.0 / others.size());
                    mean = ActivationRepair.apply(mean, others, w, repairSamples);
                }
                ComputationGraph realigned = GroupAlignment.align(folded.get(i), mean, kind, samples);
                // the original model under unchanged assignments gives the same parameters
                if (!realigned.params().equals(aligned.get(i).params())) {
                    converged = false;
                }
                aligned.set(i, realigned);
            }
        }
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        ComputationGraph fused = VanillaAverage.of(aligned, weights);
        return new MeanFusion(repairSamples == null ? fused
                : ActivationRepair.apply(fused, aligned, weights, repairSamples, repairTarget),
                done, converged);
    }

    /** One model aligned to the target's neurons (BatchNorms folded), before any averaging. */
    public static ComputationGraph align(ComputationGraph model, ComputationGraph target, AlignmentKind kind, INDArray samples) {
        return GroupAlignment.align(BatchNormFolding.fold(model), BatchNormFolding.fold(target), kind, samples);
    }
}
