package org.splitfuse.core.plan;

import org.splitfuse.core.config.EnumNames;

/** The ways to get from training data to one pruned model (SPEC section 5). */
public enum PlanKind {
    /** Prune-and-Fuse: train K shard models, prune and fine-tune each where it was trained, fuse, fine-tune. */
    PAF,
    /** Fuse-and-Prune: train K shard models, fuse, fine-tune, prune, fine-tune. */
    FAP,
    /** The paper's reference: one model trained on all the data, pruned, fine-tuned. */
    WHOLE_DATA,
    /** The paper's k-fold variant: C(k, k/2) models each on half the shards, fused, fine-tuned, pruned, fine-tuned. */
    KFOLD,
    /** Synchronous data-parallel training of one model over all shards, then pruned and fine-tuned like whole-data. */
    SYNC_DP;

    public String id() {
        return EnumNames.id(this);
    }

    public static PlanKind parse(String raw) {
        return EnumNames.parse(PlanKind.class, "plan", raw);
    }
}
