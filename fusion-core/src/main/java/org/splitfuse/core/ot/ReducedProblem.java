package org.splitfuse.core.ot;

/**
 * A validated transport problem restricted to the sources and targets with positive mass,
 * with the target masses rescaled to the source total and the costs copied into one
 * row-major array. Nodes without mass carry nothing in any feasible plan, so dropping them
 * loses no solution and spares the solver degenerate work.
 *
 * <p>Rows are the sources unless the problem is {@link #transposed}: the network simplex
 * asks for the larger side as rows, because its candidate arcs and initial plan work per
 * row and are much better when each row sends its mass to only one or two columns.
 */
final class ReducedProblem {

    private static final int TRANSPOSE_TILE = 16;

    final int rowCount;
    final int columnCount;
    /** Whether rows are the original targets and columns the original sources. */
    final boolean transposed;
    /** Original index (source or target, see {@link #transposed}) of each row / column. */
    final int[] rowIndex;
    final int[] columnIndex;
    final double[] rowMass;
    final double[] columnMass;
    /** cost[r * columnCount + c] for row r and column c. */
    final double[] cost;

    private ReducedProblem(boolean transposed, int[] rowIndex, int[] columnIndex, double[] rowMass,
                           double[] columnMass, double[] cost) {
        this.rowCount = rowIndex.length;
        this.columnCount = columnIndex.length;
        this.transposed = transposed;
        this.rowIndex = rowIndex;
        this.columnIndex = columnIndex;
        this.rowMass = rowMass;
        this.columnMass = columnMass;
        this.cost = cost;
    }

    /** The reduced problem of already validated inputs, sources as rows. */
    static ReducedProblem of(double[] sourceMass, double[] targetMass, double[][] cost) {
        return reduce(sourceMass, targetMass, cost, false);
    }

    /** The reduced problem of already validated inputs, transposed if that puts the larger side in the rows. */
    static ReducedProblem withLargerSideAsRows(double[] sourceMass, double[] targetMass, double[][] cost) {
        return reduce(sourceMass, targetMass, cost, true);
    }

    private static ReducedProblem reduce(double[] sourceMass, double[] targetMass, double[][] cost,
                                         boolean largerSideAsRows) {
        int[] sources = positiveIndices(sourceMass);
        int[] targets = positiveIndices(targetMass);
        if ((long) sources.length * targets.length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("problem too large: " + sources.length + " x " + targets.length
                    + " sources and targets with positive mass exceed one Java array");
        }
        double[] supply = select(sourceMass, sources, 1.0);
        double targetTotal = TransportInputs.sum(targetMass);
        double scale = targetTotal > 0 ? TransportInputs.sum(sourceMass) / targetTotal : 1.0;
        double[] demand = select(targetMass, targets, scale);
        int n = sources.length;
        int m = targets.length;
        if (n >= m || !largerSideAsRows) {
            double[] flat = new double[n * m];
            for (int i = 0; i < n; i++) {
                double[] row = cost[sources[i]];
                int base = i * m;
                for (int j = 0; j < m; j++) {
                    flat[base + j] = row[targets[j]];
                }
            }
            return new ReducedProblem(false, sources, targets, supply, demand, flat);
        }
        double[] flat = new double[m * n];
        // tile by tile, so that the lines being read and written stay in cache
        for (int i0 = 0; i0 < n; i0 += TRANSPOSE_TILE) {
            int iEnd = Math.min(n, i0 + TRANSPOSE_TILE);
            for (int j0 = 0; j0 < m; j0 += TRANSPOSE_TILE) {
                int jEnd = Math.min(m, j0 + TRANSPOSE_TILE);
                for (int i = i0; i < iEnd; i++) {
                    double[] row = cost[sources[i]];
                    for (int j = j0; j < jEnd; j++) {
                        flat[j * n + i] = row[targets[j]];
                    }
                }
            }
        }
        return new ReducedProblem(true, targets, sources, demand, supply, flat);
    }

    boolean isEmpty() {
        return rowCount == 0 || columnCount == 0;
    }

    /** Original source index of an entry at (row, column). */
    int sourceOf(int row, int column) {
        return transposed ? columnIndex[column] : rowIndex[row];
    }

    /** Original target index of an entry at (row, column). */
    int targetOf(int row, int column) {
        return transposed ? rowIndex[row] : columnIndex[column];
    }

    private static int[] positiveIndices(double[] mass) {
        int count = 0;
        for (double value : mass) {
            if (value > 0) {
                count++;
            }
        }
        int[] indices = new int[count];
        int next = 0;
        for (int i = 0; i < mass.length; i++) {
            if (mass[i] > 0) {
                indices[next++] = i;
            }
        }
        return indices;
    }

    private static double[] select(double[] mass, int[] indices, double scale) {
        double[] selected = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            selected[k] = mass[indices[k]] * scale;
        }
        return selected;
    }
}
