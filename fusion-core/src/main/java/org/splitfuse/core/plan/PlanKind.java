package org.splitfuse.core.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static PlanKind parse(String raw) {
        String key = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (PlanKind k : values()) {
            if (k.name().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown plan '" + raw + "'; known: "
                + Arrays.stream(values()).map(PlanKind::id).collect(Collectors.joining(", ")));
    }
}
