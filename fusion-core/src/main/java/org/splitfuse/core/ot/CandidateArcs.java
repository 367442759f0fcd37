package org.splitfuse.core.ot;

import java.util.Arrays;

/**
 * The arcs that {@link Pricing} searches between full scans: at first the {@code perRow}
 * cheapest arcs of every row (a "shortlist"), later also the violated arcs that full scans
 * find. An optimal plan uses few arcs per row, most of them among or near its cheapest, so
 * pricing this small set finds most entering arcs at a fraction of the cost of scanning all
 * n*m arcs; arcs are only ever added, each at most once.
 *
 * <p>Stored as parallel primitive arrays (row, column, cost copy) in insertion order, so a
 * search streams through them; a bit per arc of the full matrix records membership.
 */
final class CandidateArcs {

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int m;
    private final double[] fullCost;
    private final long[] member;
    int[] row;
    int[] column;
    /** cost of candidate k, copied from the full matrix so that a search reads it in sequence. */
    double[] cost;
    int size;

    /** The {@code min(perRow, m)} cheapest arcs of every row of the problem, row by row. */
    CandidateArcs(ReducedProblem problem, int perRow) {
        int n = problem.rowCount;
        this.m = problem.columnCount;
        this.fullCost = problem.cost;
        this.member = new long[(int) (((long) n * m + 63) >>> 6)];
        int k = Math.min(perRow, m);
        int capacity = (int) Math.min((long) n * k + 16, MAX_ARRAY);
        row = new int[capacity];
        column = new int[capacity];
        cost = new double[capacity];
        if (k == m) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    add(i, j);
                }
            }
            return;
        }
        double[] bestCost = new double[k];
        int[] bestColumn = new int[k];
        for (int i = 0; i < n; i++) {
            selectCheapest(fullCost, i * m, m, bestCost, bestColumn);
            for (int r = 0; r < k; r++) {
                add(i, bestColumn[r]);
            }
        }
    }

    /** Adds arc (i, j) unless it is already a candidate; returns whether it was added. */
    boolean add(int i, int j) {
        int arc = i * m + j;
        int word = arc >>> 6;
        long bit = 1L << arc; // shifts use the low six bits
        if ((member[word] & bit) != 0) {
            return false;
        }
        member[word] |= bit;
        if (size == row.length) {
            int capacity = (int) Math.min(2L * size, MAX_ARRAY); // enough: there are at most n*m arcs
            row = Arrays.copyOf(row, capacity);
            column = Arrays.copyOf(column, capacity);
            cost = Arrays.copyOf(cost, capacity);
        }
        row[size] = i;
        column[size] = j;
        cost[size] = fullCost[arc];
        size++;
        return true;
    }

    /** Arc index {@code i*m + j} of candidate k. */
    int arc(int k) {
        return row[k] * m + column[k];
    }

    /** Insertion into a sorted buffer: after the first few columns, most are rejected at once. */
    private static void selectCheapest(double[] cost, int base, int m, double[] bestCost, int[] bestColumn) {
        int k = bestCost.length;
        for (int j = 0; j < k; j++) {
            insert(cost[base + j], j, j, bestCost, bestColumn);
        }
        double worstKept = bestCost[k - 1];
        for (int j = k; j < m; j++) {
            double c = cost[base + j];
            if (c < worstKept) {
                insert(c, j, k - 1, bestCost, bestColumn);
                worstKept = bestCost[k - 1];
            }
        }
    }

    /** Puts (c, j) into the sorted prefix, overwriting position {@code slot} (the last one in use). */
    static void insert(double c, int j, int slot, double[] bestCost, int[] bestColumn) {
        while (slot > 0 && bestCost[slot - 1] > c) {
            bestCost[slot] = bestCost[slot - 1];
            bestColumn[slot] = bestColumn[slot - 1];
            slot--;
        }
        bestCost[slot] = c;
        bestColumn[slot] = j;
    }
}
