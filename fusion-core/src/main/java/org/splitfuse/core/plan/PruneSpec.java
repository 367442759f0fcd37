package org.splitfuse.core.plan;

import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;

/**
 * How a plan prunes: every group at {@code sparsity}, in {@code steps} equal steps (each followed
 * by a fine-tune), by the given method (Intra-Fusion or default pruning, with its merge mode and
 * fidelity options), each step followed by REPAIR on the first {@code repairSamples} inputs of the
 * data pruned against (0 = none) toward {@code repairTarget}.
 */
public record PruneSpec(PruneMethod method, String importance, double sparsity, int steps, long seed, int repairSamples,
                        ActivationRepair.Target repairTarget) implements Serializable {

    public PruneSpec {
        if (method == null) {
            throw new IllegalArgumentException("a prune spec needs a method");
        }
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("pruning steps must be >= 1, got " + steps);
        }
        if (repairSamples != 0 && repairSamples < 2) {
            throw new IllegalArgumentException("REPAIR after pruning needs at least 2 samples (0 = none), got " + repairSamples);
        }
        if (repairTarget == null) {
            throw new IllegalArgumentException("a prune spec needs a repair target");
        }
        if (!Importances.NAMES.contains(importance)) {
            throw new IllegalArgumentException("unknown importance '" + importance + "'; known: " + Importances.NAMES);
        }
    }

    /** Without REPAIR after pruning. */
    public PruneSpec(PruneMethod method, String importance, double sparsity, int steps, long seed) {
        this(method, importance, sparsity, steps, seed, 0, ActivationRepair.Target.MEASURED);
    }

    /** Intra-Fusion with L1 importance in one step (the paper's data-free setting). */
    public static PruneSpec intraFusion(double sparsity) {
        return new PruneSpec(PruneMethod.intraFusion(IntraFusionOptions.MergeMode.PAPER), "l1", sparsity, 1, 1);
    }

    public PruneSpec withRepair(int samples, ActivationRepair.Target target) {
        return new PruneSpec(method, importance, sparsity, steps, seed, samples, target);
    }

    /** The pruner of pruning against {@code data}: its first examples are the importance and REPAIR samples. */
    public Pruner pruner(LabeledImages data) {
        Supplier<List<DataSet>> batches = () -> List.of(RunRules.importanceSamples(data));
        return new Pruner(Importances.named(importance, seed, batches), method.mapSource())
                .withRepair(repairSamples > 0 ? RunRules.samples(data, repairSamples).getFeatures() : null, repairTarget);
    }

    public PruningPlan plan() {
        return PruningPlan.allGroups(sparsity).withSteps(steps);
    }
}
