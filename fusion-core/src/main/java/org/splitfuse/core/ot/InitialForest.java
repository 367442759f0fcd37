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
        int m = problem.columnCount;
        int perRow = candidates.perRow;
        double[] cost = problem.cost;
        long[] order = new long[candidates.column.length];
        for (int k = 0; k < order.length; k++) {
            int arc = (k / perRow) * m + candidates.column[k];
            order[k] = ((long) sortableBits((float) cost[arc]) << 32) | arc;
        }
        java.util.Arrays.sort(order);
        double[] supplyLeft = problem.rowMass.clone();
        double[] demandLeft = problem.columnMass.clone();
        InitialForest forest = new InitialForest(problem.rowCount + m - 1);
        for (long key : order) {
            int arc = (int) key;
            int i = arc / m;
            int j = arc - i * m;
            if (supplyLeft[i] > 0 && demandLeft[j] > 0) {
                forest.allocate(i, j, supplyLeft, demandLeft);
            }
        }
        for (int i = 0; i < problem.rowCount; i++) {
            int base = i * m;
            while (supplyLeft[i] > 0) {
                int cheapest = -1;
                double cheapestCost = Double.POSITIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    if (demandLeft[j] > 0 && cost[base + j] < cheapestCost) {
                        cheapestCost = cost[base + j];
                        cheapest = j;
                    }
                }
                if (cheapest < 0) {
                    break; // only rounding residue is left
                }
                forest.allocate(i, cheapest, supplyLeft, demandLeft);
            }
        }
        return forest;
    }

    /** An int whose signed order is the order of the float (NaN excluded). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /** Moves min(mass left in row i, mass left in column j) from i to j, exhausting one of them exactly. */
    private void allocate(int i, int j, double[] supplyLeft, double[] demandLeft) {
        double moved;
        if (supplyLeft[i] <= demandLeft[j]) {
            moved = supplyLeft[i];
            demandLeft[j] -= moved;
            supplyLeft[i] = 0;
        } else {
            moved = demandLeft[j];
            supplyLeft[i] -= moved;
            demandLeft[j] = 0;
        }
        row[size] = i;
        column[size] = j;
        amount[size] = moved;
        size++;
    }
}
