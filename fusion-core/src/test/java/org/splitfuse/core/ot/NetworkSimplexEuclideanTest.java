package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exact solver on the costs fusion and Intra-Fusion produce (euclidean distances between
 * points in R^d), and the candidate-arc pricing that makes it fast on them: shortlist misses,
 * the full scans that repair them, and agreement with plain block search over every arc.
 */
// a pivoting bug shows as an endless solve: fail instead of hanging the build
@Timeout(300)
class NetworkSimplexEuclideanTest {

    private static final int[] DIMENSIONS = {2, 8, 64, 512};

    private final TransportSolver solver = TransportSolver.exact();

    @Test
    void matchesLinearProgramOnEuclideanInstances() {
        Random random = new Random(64);
        for (int k = 0; k < 120; k++) {
            int n = 1 + random.nextInt(40);
            int m = 1 + random.nextInt(40);
            int d = DIMENSIONS[k % DIMENSIONS.length];
            double scale = k % 3 == 0 ? 1e3 : 1.0;
            double[][] cost = RandomInstances.euclidean(random, n, m, d, scale);
            double[][] masses = masses(random, n, m, k / DIMENSIONS.length % 3);
            String label = "instance " + k + " (" + n + "x" + m + ", d=" + d + ", masses " + (k / DIMENSIONS.length % 3) + ")";

            assertMatchesLinearProgram(masses[0], masses[1], cost, label);
        }
    }

    /** Intra-Fusion's targets are some of its sources: every target has a source at distance 0. */
    @Test
    void matchesLinearProgramWhenTheTargetsAreSomeOfTheSources() {
        Random random = new Random(5);
        for (int k = 0; k < 40; k++) {
            int n = 2 + random.nextInt(40);
            int m = 1 + random.nextInt(n - 1);
            double[][] points = RandomInstances.gaussianPoints(random, n, DIMENSIONS[k % DIMENSIONS.length]);
            int[] order = permutation(random, n);
            double[][] targets = new double[m][];
            for (int j = 0; j < m; j++) {
                targets[j] = points[order[j]];
            }
            double[][] cost = RandomInstances.distances(points, targets, 1.0);
            double[] source = k % 2 == 0 ? uniform(n) : RandomInstances.importance(random, n);
            double[] target = k % 2 == 0 ? uniform(m) : RandomInstances.importance(random, m);

            assertMatchesLinearProgram(source, target, cost, "instance " + k + " (" + n + "x" + m + ")");
        }
    }

    /** Repeated points tie many costs and give zero costs; integer masses make bases degenerate. */
    @Test
    void treeStaysStronglyFeasibleOnEuclideanInstancesWithRepeatedPoints() {
        Random random = new Random(17);
        for (int k = 0; k < 30; k++) {
            int n = 1 + random.nextInt(40);
            int m = 1 + random.nextInt(40);
            double[][] distinct = RandomInstances.gaussianPoints(random, 5, DIMENSIONS[k % DIMENSIONS.length]);
            double[][] x = new double[n][];
            double[][] y = new double[m][];
            for (int i = 0; i < n; i++) {
                x[i] = distinct[random.nextInt(distinct.length)];
            }
            for (int j = 0; j < m; j++) {
                y[j] = distinct[random.nextInt(distinct.length)];
            }
            double[][] cost = RandomInstances.distances(x, y, 1.0);
            double[][] masses = RandomInstances.masses(random, n, m,
                    k % 2 == 0 ? RandomInstances.MassKind.INTEGER_COUNTS : RandomInstances.MassKind.UNIFORM);
            String label = "instance " + k + " (" + n + "x" + m + ")";
            TreeWalk.pivotToOptimumCheckingTheTree(masses[0], masses[1], cost, label);

            assertMatchesLinearProgram(masses[0], masses[1], cost, label);
        }
    }

    /**
     * Every row's cheapest arcs lead to the same few columns, which can take a fraction of
     * the mass only: the optimal plan needs arcs that no shortlist holds, which only the
     * full scans can supply.
     */
    @Test
    void fullScansSupplyTheArcsThatTheShortlistsMiss() {
        Random random = new Random(23);
        int n = 36;
        int m = 30;
        double[][] cost = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                cost[i][j] = j < SimplexTree.CANDIDATES_PER_ROW ? 0.01 * random.nextDouble() : 1 + random.nextDouble();
            }
        }
        double[] source = uniform(n);
        double[] target = uniform(m);
        ReducedProblem problem = ReducedProblem.withLargerSideAsRows(source, target, cost);
        SimplexTree tree = new SimplexTree(problem, TransportInputs.validate(source, target, cost));
        tree.solve();

        assertTrue(tree.fullScans() >= 2, "expected scans that add arcs, got " + tree.fullScans());
        assertMatchesLinearProgram(source, target, cost, "shared shortlists");
    }

    /**
     * Pricing only the candidates between full scans must reach the same optimum as plain
     * block search over every arc (the rule of POT's network simplex), at sizes the LP
     * reference cannot handle; the residual-cycle check certifies the plan independently.
     */
    @Test
    void agreesWithBlockSearchOverEveryArcAtLargerSizes() {
        Random random = new Random(31);
        int[][] sizes = {{300, 150}, {150, 300}, {256, 256}};
        int k = 0;
        for (int[] size : sizes) {
            for (int d : DIMENSIONS) {
                int n = size[0];
                int m = size[1];
                double[][] cost = RandomInstances.euclidean(random, n, m, d, 1.0);
                double[][] masses = masses(random, n, m, k++ % 3);
                String label = n + "x" + m + " d=" + d;

                TransportPlan plan = solver.solve(masses[0], masses[1], cost);

                NetworkSimplexTest.assertValidPlan(plan, masses[0], masses[1], cost, label);
                double blockSearch = optimumByBlockSearchOverEveryArc(masses[0], masses[1], cost);
                assertEquals(blockSearch, plan.objective(), 1e-12 * Math.abs(blockSearch), label + ": objective");
                if (d == 8) {
                    assertFalse(ResidualCycles.hasNegativeCycle(plan, cost, 1e-12), label + ": not optimal");
                }
            }
        }
    }

    private static double optimumByBlockSearchOverEveryArc(double[] source, double[] target, double[][] cost) {
        ReducedProblem problem = ReducedProblem.withLargerSideAsRows(source, target, cost);
        SimplexTree tree = new SimplexTree(problem, TransportInputs.validate(source, target, cost), problem.columnCount);
        tree.solve();
        assertEquals(1, tree.fullScans(), "every arc is a candidate: only the final, proving scan");
        double[] objective = {0};
        tree.visitPlan((row, column, amount) -> objective[0] += amount * problem.cost[row * problem.columnCount + column]);
        return objective[0];
    }

    private void assertMatchesLinearProgram(double[] source, double[] target, double[][] cost, String label) {
        TransportPlan plan = solver.solve(source, target, cost);
        NetworkSimplexTest.assertValidPlan(plan, source, target, cost, label);
        double reference = LinearProgramReference.optimum(source, target, cost);
        assertEquals(reference, plan.objective(), 1e-9 * Math.abs(reference) + 1e-15, label + ": objective");
    }

    /** 0: uniform, 1: importance-like, 2: integer counts (degenerate). */
    private static double[][] masses(Random random, int n, int m, int kind) {
        return switch (kind) {
            case 0 -> new double[][] {uniform(n), uniform(m)};
            case 1 -> new double[][] {RandomInstances.importance(random, n), RandomInstances.importance(random, m)};
            default -> RandomInstances.masses(random, n, m, RandomInstances.MassKind.INTEGER_COUNTS);
        };
    }

    private static int[] permutation(Random random, int size) {
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            int swap = random.nextInt(k + 1);
            order[k] = order[swap];
            order[swap] = k;
        }
        return order;
    }

    private static double[] uniform(int size) {
        double[] mass = new double[size];
        java.util.Arrays.fill(mass, 1.0 / size);
        return mass;
    }
}
