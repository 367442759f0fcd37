package org.splitfuse.core.prune;

import java.util.List;

/**
 * What to prune: some groups or all (empty list), to a sparsity s (each group keeps
 * floor(n (1 - s)) channels, at least 1), ranked within each group or globally across them, in
 * one step or an iterative schedule of k steps (step i reaches sparsity s * i / k).
 */
public record PruningPlan(List<Integer> groups, double sparsity, Ranking ranking, int steps) {

    public enum Ranking { PER_GROUP, GLOBAL }

    public PruningPlan {
        groups = List.copyOf(groups);
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
    }

    public static PruningPlan allGroups(double sparsity) {
        return new PruningPlan(List.of(), sparsity, Ranking.PER_GROUP, 1);
    }

    public static PruningPlan group(int id, double sparsity) {
        return new PruningPlan(List.of(id), sparsity, Ranking.PER_GROUP, 1);
    }

    public PruningPlan withSteps(int k) {
        return new PruningPlan(groups, sparsity, ranking, k);
    }

    public PruningPlan withRanking(Ranking r) {
        return new PruningPlan(groups, sparsity, r, steps);
    }

    public boolean allGroupsSelected() {
        return groups.isEmpty();
    }

    /** m = floor(n (1 - s)), at least 1; the epsilon keeps 10 * 0.3 at 3. */
    public static int keepCount(int n, double sparsity) {
        return Math.max(1, (int) Math.floor(n * (1 - sparsity) + 1e-9));
    }
}
