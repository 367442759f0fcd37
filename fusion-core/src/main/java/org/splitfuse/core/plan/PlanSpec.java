package org.splitfuse.core.plan;

import java.io.Serializable;

/**
 * One plan, fully specified: which plan, how many epochs each model trains over its own data,
 * how to prune (each step followed by {@code tuneAfterPrune}), how to fuse, and the fine-tune after
 * fusion (FaP, PaF, k-fold).
 */
public record PlanSpec(PlanKind kind, int trainEpochs, PruneSpec prune, TuneSpec tuneAfterPrune, FusionSpec fusion,
                       TuneSpec tuneAfterFusion) implements Serializable {

    public PlanSpec {
        if (trainEpochs < 1) {
            throw new IllegalArgumentException("training epochs must be >= 1, got " + trainEpochs);
        }
    }

    public PlanSpec withKind(PlanKind k) {
        return new PlanSpec(k, trainEpochs, prune, tuneAfterPrune, fusion, tuneAfterFusion);
    }
}
