package org.splitfuse.core.ot;

/**
 * The {@code perRow} cheapest arcs of every row (a "shortlist"). An optimal plan uses few
 * arcs per row and almost all of them are among its cheapest, so pricing these first
 * finds most entering arcs at a small fraction of the cost of scanning every arc.
 */
final class CandidateArcs {

    final int perRow;
    /** Column of candidate r of row i at {@code column[i * perRow + r]}, cheapest first. */
    final int[] column;

    CandidateArcs(ReducedProblem problem, int perRow) {
        int n = problem.rowCount;
        int m = problem.columnCount;
        this.perRow = Math.min(perRow, m);
        this.column = new int[n * this.perRow];
        double[] bestCost = new double[this.perRow];
        int[] bestColumn = new int[this.perRow];
        for (int i = 0; i < n; i++) {
            selectCheapest(problem.cost, i * m, m, bestCost, bestColumn);
            System.arraycopy(bestColumn, 0, column, i * this.perRow, this.perRow);
        }
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
    private static void insert(double c, int j, int slot, double[] bestCost, int[] bestColumn) {
        while (slot > 0 && bestCost[slot - 1] > c) {
            bestCost[slot] = bestCost[slot - 1];
            bestColumn[slot] = bestColumn[slot - 1];
            slot--;
        }
        bestCost[slot] = c;
        bestColumn[slot] = j;
    }
}
