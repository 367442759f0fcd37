package org.splitfuse.core.plan;

import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;

/**
 * How a plan prunes: every group at {@code sparsity}, in {@code steps} equal steps (each followed
 * by a fine-tune), by the given method (Intra-Fusion or default pruning, with its merge mode and
 * fidelity options).
 */
public record PruneSpec(PruneMethod method, String importance, double sparsity, int steps, long seed) implements Serializable {

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
        if (!Importances.NAMES.contains(importance)) {
            throw new IllegalArgumentException("unknown importance '" + importance + "'; known: " + Importances.NAMES);
        }
    }

    /** Intra-Fusion with L1 importance in one step (the paper's data-free setting). */
    public static PruneSpec intraFusion(double sparsity) {
        return new PruneSpec(PruneMethod.intraFusion(IntraFusionOptions.MergeMode.PAPER), "l1", sparsity, 1, 1);
    }

    public Pruner pruner(Supplier<List<DataSet>> batches) {
        return new Pruner(Importances.named(importance, seed, batches), method.mapSource());
    }

    public PruningPlan plan() {
        return PruningPlan.allGroups(sparsity).withSteps(steps);
    }
}
