package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the network simplex pivot by pivot, checking the spanning tree's invariants after every pivot. */
final class TreeWalk {

    private TreeWalk() {
    }

    /** Pivots {@code (a, b, cost)} to its optimum; fails if the tree breaks or the walk does not end. */
    static void pivotToOptimumCheckingTheTree(double[] a, double[] b, double[][] cost, String label) {
        ReducedProblem problem = ReducedProblem.withLargerSideAsRows(a, b, cost);
        SimplexTree tree = new SimplexTree(problem, TransportInputs.validate(a, b, cost));
        tree.checkInvariants();
        int pivots = 0;
        while (tree.pivot()) {
            tree.checkInvariants();
            pivots++;
            assertTrue(pivots < 100_000, label + " does not terminate");
        }
    }
}
