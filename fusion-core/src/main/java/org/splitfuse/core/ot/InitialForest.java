package org.splitfuse.core.ot;

/**
 * A feasible starting plan whose positive entries form a forest. Every allocation moves
 * {@code min(remaining row mass, remaining column mass)} and so exhausts a row or a column; a
 * cycle is then impossible (its earliest allocation would have exhausted a line that a later
 * allocation of the cycle uses), so there are at most n + m - 1 entries.
 */
final class InitialForest {

    final int[] row;
    final int[] column;
    final double[] amount;
    int size;

    private InitialForest(int capacity) {
        row = new int[capacity];
        column = new int[capacity];
        amount = new double[capacity];
    }

    /**
     * The least-cost rule on the candidate arcs: allocate along them in increasing order of
     * cost; rows with mass left afterwards (all their candidates' columns are full) send it
     * to their cheapest columns with mass left.
     */
    static InitialForest leastCost(ReducedProblem problem, CandidateArcs candidates) {
        double[] rowLeft = problem.rowMass.clone();
        double[] columnLeft = problem.columnMass.clone();
        InitialForest forest = new InitialForest(problem.rowCount + problem.columnCount - 1);
        int m = problem.columnCount;
        for (long key : candidatesByCost(problem, candidates)) {
            int arc = (int) key;
            int i = arc / m;
            int j = arc - i * m;
            if (rowLeft[i] > 0 && columnLeft[j] > 0) {
                forest.allocate(i, j, rowLeft, columnLeft);
            }
        }
        for (int i = 0; i < problem.rowCount; i++) {
            if (rowLeft[i] > 0) {
                forest.sendToCheapestColumns(i, problem, rowLeft, columnLeft);
            }
        }
        return forest;
    }

    /** The candidate arcs as (cost as sortable float bits) << 32 | arc, in increasing order. */
    private static long[] candidatesByCost(ReducedProblem problem, CandidateArcs candidates) {
        long[] keys = new long[candidates.size];
        for (int k = 0; k < keys.length; k++) {
            int arc = candidates.arc(k);
            keys[k] = ((long) sortableBits((float) candidates.cost[k]) << 32) | arc;
        }
        java.util.Arrays.sort(keys);
        return keys;
    }

    private void sendToCheapestColumns(int i, ReducedProblem problem, double[] rowLeft, double[] columnLeft) {
        int m = problem.columnCount;
        int base = i * m;
        while (rowLeft[i] > 0) {
            int cheapest = -1;
            double cheapestCost = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                if (columnLeft[j] > 0 && problem.cost[base + j] < cheapestCost) {
                    cheapestCost = problem.cost[base + j];
                    cheapest = j;
                }
            }
            if (cheapest < 0) {
                return; // only rounding residue is left
            }
            allocate(i, cheapest, rowLeft, columnLeft);
        }
    }

    /** An int whose signed order is the order of the float (NaN excluded). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /** Moves min(mass left in row i, mass left in column j) from i to j, exhausting one of them exactly. */
    private void allocate(int i, int j, double[] rowLeft, double[] columnLeft) {
        double moved;
        if (rowLeft[i] <= columnLeft[j]) {
            moved = rowLeft[i];
            columnLeft[j] -= moved;
            rowLeft[i] = 0;
        } else {
            moved = columnLeft[j];
            rowLeft[i] -= moved;
            columnLeft[j] = 0;
        }
        row[size] = i;
        column[size] = j;
        amount[size] = moved;
        size++;
    }
}
