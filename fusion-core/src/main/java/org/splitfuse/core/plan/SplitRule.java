package org.splitfuse.core.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.Sharding;

/**
 * How a training set is cut into K shards, the one definition every runtime uses: iid (shuffled,
 * sizes differing by at most one) or label-skewed (per-class Dirichlet(alpha) proportions), seeded.
 */
public record SplitRule(Kind kind, int shards, double alpha, long seed) implements Serializable {

    public enum Kind { IID, SKEW }

    public SplitRule {
        if (shards < 1) {
            throw new IllegalArgumentException("number of shards must be >= 1, got " + shards);
        }
    }

    /** Shard k's example indices into {@code train}, ascending. */
    public int[][] indices(LabeledImages train) {
        return kind == Kind.IID
                ? Sharding.iid(train.size(), shards, seed)
                : Sharding.labelSkewed(train.labels(), train.numClasses(), shards, alpha, seed);
    }

    /** The K shards of {@code train}, each in the training set's order. */
    public List<LabeledImages> cut(LabeledImages train) {
        List<LabeledImages> out = new ArrayList<>();
        for (int[] part : indices(train)) {
            out.add(train.subset(part));
        }
        return out;
    }
}
