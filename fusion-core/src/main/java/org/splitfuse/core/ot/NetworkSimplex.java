package org.splitfuse.core.ot;

/**
 * Exact optimal transport (earth mover's distance) by the primal network simplex method.
 *
 * <p>The plan it returns is a basic solution: at most n + m - 1 positive entries. Its row
 * sums equal {@code sourceMass} and its column sums equal {@code targetMass} rescaled to the
 * source total, each up to the rounding of one sum per node. It is optimal in that no
 * transport arc has a reduced cost below {@code -1e-14 * max|cost|} with respect to
 * potentials recomputed from the final basis. Sources and targets of zero mass are left
 * out of the computation (they carry nothing in any plan). See {@link SimplexTree} for the
 * algorithm.
 *
 * <p>Instances are stateless and may be shared between threads.
 */
public final class NetworkSimplex implements TransportSolver {

    @Override
    public TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost) {
        double costScale = TransportInputs.validate(sourceMass, targetMass, cost);
        ReducedProblem problem = ReducedProblem.withLargerSideAsRows(sourceMass, targetMass, cost);
        PlanBuilder plan = new PlanBuilder(sourceMass.length, targetMass.length, cost,
                problem.rowCount + problem.columnCount - 1);
        if (problem.isEmpty()) {
            return plan.build(true, 0);
        }
        SimplexTree tree = new SimplexTree(problem, costScale);
        int pivots = tree.solve();
        tree.visitPlan((row, column, amount) -> plan.add(problem.sourceOf(row, column), problem.targetOf(row, column), amount));
        return plan.build(true, pivots);
    }
}
