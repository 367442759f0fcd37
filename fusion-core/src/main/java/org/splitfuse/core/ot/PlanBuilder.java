package org.splitfuse.core.ot;

import java.util.Arrays;

/** Collects the positive entries of a plan and their transport cost. */
final class PlanBuilder {

    private final int sourceCount;
    private final int targetCount;
    private final double[][] cost;
    private int[] sources;
    private int[] targets;
    private double[] amounts;
    private int size;
    private double objective;

    PlanBuilder(int sourceCount, int targetCount, double[][] cost, int expectedEntries) {
        this.sourceCount = sourceCount;
        this.targetCount = targetCount;
        this.cost = cost;
        int capacity = Math.max(1, expectedEntries);
        sources = new int[capacity];
        targets = new int[capacity];
        amounts = new double[capacity];
    }

    /** Adds {@code amount} moved from source i to target j (original indices). */
    void add(int i, int j, double amount) {
        if (size == amounts.length) {
            int capacity = 2 * size;
            sources = Arrays.copyOf(sources, capacity);
            targets = Arrays.copyOf(targets, capacity);
            amounts = Arrays.copyOf(amounts, capacity);
        }
        sources[size] = i;
        targets[size] = j;
        amounts[size] = amount;
        size++;
        objective += amount * cost[i][j];
    }

    TransportPlan build(boolean converged, int iterations) {
        return new TransportPlan(sourceCount, targetCount, Arrays.copyOf(sources, size), Arrays.copyOf(targets, size),
                Arrays.copyOf(amounts, size), objective, converged, iterations);
    }
}
