package org.splitfuse.core.ot;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * The transport problem as a general linear program, solved by commons-math's dense
 * tableau simplex: an implementation independent of the network simplex under test.
 */
final class LinearProgramReference {

    private LinearProgramReference() {
    }

    /** Minimum of {@code <P, cost>} over P >= 0 with row sums a and column sums b. */
    static double optimum(double[] a, double[] b, double[][] cost) {
        int n = a.length;
        int m = b.length;
        double[] objective = new double[n * m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cost[i], 0, objective, i * m, m);
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[n * m];
            for (int j = 0; j < m; j++) {
                row[i * m + j] = 1;
            }
            constraints.add(new LinearConstraint(row, Relationship.EQ, a[i]));
        }
        for (int j = 0; j < m; j++) {
            double[] column = new double[n * m];
            for (int i = 0; i < n; i++) {
                column[i * m + j] = 1;
            }
            constraints.add(new LinearConstraint(column, Relationship.EQ, b[j]));
        }
        SimplexSolver solver = new SimplexSolver(1e-12, 10, 1e-15);
        return solver.optimize(new MaxIter(1_000_000), new LinearObjectiveFunction(objective, 0),
                new LinearConstraintSet(constraints), GoalType.MINIMIZE, new NonNegativeConstraint(true)).getValue();
    }
}
