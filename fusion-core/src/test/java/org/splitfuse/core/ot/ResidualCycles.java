package org.splitfuse.core.ot;

/**
 * An optimality certificate that shares nothing with the solver: a feasible plan is optimal
 * exactly when its residual network has no negative cycle. The residual network has every
 * source-to-target arc at cost {@code cost[i][j]} (unbounded capacity) and, for every entry
 * of the plan, the reverse arc at cost {@code -cost[i][j]}. Bellman-Ford from a virtual
 * source finds such a cycle if one exists.
 */
final class ResidualCycles {

    private ResidualCycles() {
    }

    /** Whether some residual cycle is negative; improvements below {@code tolerance} are ignored. */
    static boolean hasNegativeCycle(TransportPlan plan, double[][] cost, double tolerance) {
        int n = plan.sourceCount();
        int m = plan.targetCount();
        double[] distance = new double[n + m]; // all 0: a virtual source reaches every node at cost 0
        for (int round = 0; round <= n + m; round++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    if (distance[i] + cost[i][j] < distance[n + j] - tolerance) {
                        distance[n + j] = distance[i] + cost[i][j];
                        changed = true;
                    }
                }
            }
            for (int k = 0; k < plan.entryCount(); k++) {
                int i = plan.source(k);
                int j = plan.target(k);
                if (distance[n + j] - cost[i][j] < distance[i] - tolerance) {
                    distance[i] = distance[n + j] - cost[i][j];
                    changed = true;
                }
            }
            if (!changed) {
                return false;
            }
        }
        return true; // still improving after n + m + 1 rounds
    }
}
