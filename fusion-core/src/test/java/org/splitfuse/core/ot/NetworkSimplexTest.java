package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

class NetworkSimplexTest {

    private final TransportSolver exact = TransportSolver.exact();

    /** The optimum of the transport LP from an independent solver (commons-math's dense simplex). */
    static double lpOptimum(double[] a, double[] b, double[][] c) {
        int n = a.length;
        int m = b.length;
        double[] objective = new double[n * m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c[i], 0, objective, i * m, m);
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[n * m];
            for (int j = 0; j < m; j++) {
                row[i * m + j] = 1;
            }
            constraints.add(new LinearConstraint(row, Relationship.EQ, a[i]));
        }
        // one column constraint is implied by the others and the equal totals
        for (int j = 0; j < m - 1; j++) {
            double[] col = new double[n * m];
            for (int i = 0; i < n; i++) {
                col[i * m + j] = 1;
            }
            constraints.add(new LinearConstraint(col, Relationship.EQ, b[j]));
        }
        PointValuePair p = new SimplexSolver(1e-12, 10, 1e-15).optimize(new MaxIter(1_000_000),
                new LinearObjectiveFunction(objective, 0), new LinearConstraintSet(constraints), GoalType.MINIMIZE,
                new NonNegativeConstraint(true));
        return p.getValue();
    }

    static double[] randomMasses(Random r, int k, boolean withZeros) {
        double[] mass = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            mass[i] = withZeros && k > 1 && r.nextDouble() < 0.2 ? 0 : r.nextDouble();
            sum += mass[i];
        }
        if (sum == 0) {
            mass[r.nextInt(k)] = 1;
            sum = 1;
        }
        for (int i = 0; i < k; i++) {
            mass[i] /= sum;
        }
        return mass;
    }

    static double[][] randomCost(Random r, int n, int m, boolean tied) {
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c[i][j] = tied ? r.nextInt(3) : r.nextDouble() * 10;
            }
        }
        return c;
    }

    static void assertFeasible(TransportPlan plan, double[] a, double[] b, String what) {
        assertTrue(plan.nonZeros() <= a.length + b.length - 1, what + ": " + plan.nonZeros() + " non-zeros");
        double[] rows = plan.rowSums();
        double[] cols = plan.colSums();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], rows[i], 1e-12, what + " row " + i);
        }
        for (int j = 0; j < b.length; j++) {
            assertEquals(b[j], cols[j], 1e-12, what + " col " + j);
        }
        for (int k = 0; k < plan.nonZeros(); k++) {
            assertTrue(plan.value(k) > 0, what + " entry " + k);
        }
    }

    @Test
    void matchesAnIndependentLpSolverOnHundredsOfRandomInstances() {
        Random r = new Random(20240207);
        int instances = 0;
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + r.nextInt(trial < 300 ? 20 : 60);
            int m = 1 + r.nextInt(trial < 300 ? 20 : 60);
            boolean tied = trial % 3 == 0;
            boolean zeros = trial % 2 == 0;
            double[] a = randomMasses(r, n, zeros);
            double[] b = randomMasses(r, m, zeros);
            double[][] c = randomCost(r, n, m, tied);
            String what = "trial " + trial + " (" + n + "x" + m + (tied ? ", tied" : "") + (zeros ? ", zeros" : "") + ")";
            TransportPlan plan = exact.solve(a, b, c);
            assertFeasible(plan, a, b, what);
            double reference = lpOptimum(a, b, c);
            assertEquals(reference, plan.objective(), 1e-9 * Math.max(Math.abs(reference), 1e-3), what);
            double recomputed = 0;
            for (int k = 0; k < plan.nonZeros(); k++) {
                recomputed += plan.value(k) * c[plan.row(k)][plan.col(k)];
            }
            assertEquals(recomputed, plan.objective(), 1e-12, what);
            instances++;
        }
        assertEquals(400, instances);
    }

    @Test
    void aPermutedIdentityCostGivesThePermutation() {
        int n = 40;
        Random r = new Random(3);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = j == perm[i] ? 0 : 1 + r.nextDouble();
            }
        }
        double[] u = new double[n];
        java.util.Arrays.fill(u, 1.0 / n);
        TransportPlan plan = exact.solve(u, u, c);
        assertEquals(0.0, plan.objective());
        double[][] t = plan.toDense();
        for (int i = 0; i < n; i++) {
            assertEquals(1.0 / n, t[i][perm[i]], 1e-15);
        }
    }

    @Test
    void singleRowSingleColumnAndZeroCost() {
        TransportPlan row = exact.solve(new double[] {1}, new double[] {0.2, 0.3, 0.5}, new double[][] {{1, 2, 3}});
        assertEquals(0.2 + 0.6 + 1.5, row.objective(), 1e-15);
        TransportPlan col = exact.solve(new double[] {0.5, 0.5}, new double[] {1}, new double[][] {{4}, {2}});
        assertEquals(3.0, col.objective(), 1e-15);
        TransportPlan zero = exact.solve(new double[] {0.25, 0.75}, new double[] {0.5, 0.5}, new double[2][2]);
        assertEquals(0.0, zero.objective());
        assertFeasible(zero, new double[] {0.25, 0.75}, new double[] {0.5, 0.5}, "zero cost");
    }

    @Test
    void largeDegenerateTiedProblemsFinish() {
        // uniform masses, n = 2m, costs with only two values: massively degenerate and tied
        Random r = new Random(5);
        int n = 200;
        int m = 100;
        double[] a = new double[n];
        double[] b = new double[m];
        java.util.Arrays.fill(a, 1.0 / n);
        java.util.Arrays.fill(b, 1.0 / m);
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c[i][j] = r.nextBoolean() ? 1 : 0;
            }
        }
        TransportPlan plan = exact.solve(a, b, c);
        assertFeasible(plan, a, b, "degenerate");
        assertEquals(0.0, plan.objective(), 1e-12, "each target has two zero-cost sources with high probability");
    }

    @Test
    void badInputsAreRejectedWithTheReason() {
        double[] u = {0.5, 0.5};
        assertEquals("cost[1][0] is NaN", assertThrows(IllegalArgumentException.class,
                () -> exact.solve(u, u, new double[][] {{0, 1}, {Double.NaN, 0}})).getMessage());
        assertEquals("cost[0][1] is infinite", assertThrows(IllegalArgumentException.class,
                () -> exact.solve(u, u, new double[][] {{0, Double.POSITIVE_INFINITY}, {1, 0}})).getMessage());
        assertEquals("sourceMass[1] = -0.5 is negative", assertThrows(IllegalArgumentException.class,
                () -> exact.solve(new double[] {1.5, -0.5}, u, new double[2][2])).getMessage());
        assertEquals("source side is empty", assertThrows(IllegalArgumentException.class,
                () -> exact.solve(new double[0], u, new double[0][])).getMessage());
        assertEquals("target side is empty", assertThrows(IllegalArgumentException.class,
                () -> exact.solve(u, new double[0], new double[][] {{}, {}})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> exact.solve(u, new double[] {0.5, 0.4}, new double[2][2])).getMessage()
                .startsWith("mass sums differ: source 1.0 vs target 0.9"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> exact.solve(u, u, new double[][] {{0, 1}})).getMessage().contains("cost has 1 rows, expected 2"));
        // sums equal within the documented tolerance are accepted
        TransportPlan p = exact.solve(u, new double[] {0.5, 0.5 + 1e-12}, new double[2][2]);
        assertEquals(2, p.sources());
    }
}
