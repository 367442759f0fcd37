package org.splitfuse.core.plan;

import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.core.prune.ChannelMapSource;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.IntraFusion;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.KeepMostImportant;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;

/**
 * How a plan prunes: every group at {@code sparsity}, in {@code steps} equal steps (each followed
 * by a fine-tune), by Intra-Fusion (in the given merge mode) or default pruning.
 */
public record PruneSpec(Method method, String importance, double sparsity, int steps, IntraFusionOptions.MergeMode mode,
                        long seed) implements Serializable {

    public enum Method { INTRA_FUSION, DEFAULT }

    public PruneSpec {
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
        return new PruneSpec(Method.INTRA_FUSION, "l1", sparsity, 1, IntraFusionOptions.MergeMode.PAPER, 1);
    }

    public Pruner pruner(Supplier<List<DataSet>> batches) {
        ChannelMapSource maps = method == Method.INTRA_FUSION
                ? new IntraFusion(IntraFusionOptions.defaults().withMode(mode))
                : new KeepMostImportant();
        return new Pruner(Importances.named(importance, seed, batches), maps);
    }

    public PruningPlan plan() {
        return PruningPlan.allGroups(sparsity).withSteps(steps);
    }
}
