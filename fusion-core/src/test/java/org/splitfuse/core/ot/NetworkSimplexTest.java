package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// a pivoting bug shows as an endless solve: fail instead of hanging the build
@Timeout(300)
class NetworkSimplexTest {

    private static final double OBJECTIVE_RELATIVE_TOLERANCE = 1e-9;
    private static final double MARGINAL_TOLERANCE = 1e-12;

    private final TransportSolver solver = TransportSolver.exact();

    @Test
    void matchesLinearProgramOnRandomInstances() {
        Random random = new Random(20240207);
        RandomInstances.CostKind[] costKinds = RandomInstances.CostKind.values();
        RandomInstances.MassKind[] massKinds = RandomInstances.MassKind.values();
        for (int k = 0; k < 300; k++) {
            int n = 1 + random.nextInt(60);
            int m = 1 + random.nextInt(60);
            RandomInstances.CostKind costKind = costKinds[k % costKinds.length];
            RandomInstances.MassKind massKind = massKinds[(k / costKinds.length) % massKinds.length];
            double scale = random.nextBoolean() ? 1.0 : 1e3;
            double[][] cost = RandomInstances.cost(random, n, m, costKind, scale);
            double[][] masses = RandomInstances.masses(random, n, m, massKind);
            String label = "instance " + k + " (" + n + "x" + m + ", " + costKind + ", " + massKind + ")";

            TransportPlan plan = solver.solve(masses[0], masses[1], cost);

            assertValidPlan(plan, masses[0], masses[1], cost, label);
            double reference = LinearProgramReference.optimum(masses[0], masses[1], cost);
            assertEquals(reference, plan.objective(),
                    OBJECTIVE_RELATIVE_TOLERANCE * Math.abs(reference) + 1e-15 * scale, label + ": objective");
        }
    }

    @Test
    void treeStaysStronglyFeasibleThroughEveryPivotOfDegenerateInstances() {
        Random random = new Random(7);
        for (int k = 0; k < 60; k++) {
            int n = 1 + random.nextInt(40);
            int m = 1 + random.nextInt(40);
            RandomInstances.CostKind costKind = k % 2 == 0 ? RandomInstances.CostKind.TIED : RandomInstances.CostKind.CONSTANT;
            double[][] cost = RandomInstances.cost(random, n, m, costKind, 1.0);
            double[][] masses = RandomInstances.masses(random, n, m,
                    k % 3 == 0 ? RandomInstances.MassKind.UNIFORM : RandomInstances.MassKind.INTEGER_COUNTS);
            TreeWalk.pivotToOptimumCheckingTheTree(masses[0], masses[1], cost, "instance " + k);
        }
    }

    @Test
    void largerRandomPlansHaveNoNegativeResidualCycle() {
        Random random = new Random(11);
        int[][] sizes = {{200, 120}, {120, 200}, {150, 150}};
        for (int[] size : sizes) {
            for (RandomInstances.MassKind massKind : RandomInstances.MassKind.values()) {
                int n = size[0];
                int m = size[1];
                double[][] cost = RandomInstances.cost(random, n, m, RandomInstances.CostKind.CONTINUOUS, 1.0);
                double[][] masses = RandomInstances.masses(random, n, m, massKind);
                String label = n + "x" + m + " " + massKind;

                TransportPlan plan = solver.solve(masses[0], masses[1], cost);

                assertValidPlan(plan, masses[0], masses[1], cost, label);
                assertFalse(ResidualCycles.hasNegativeCycle(plan, cost, 1e-12), label + ": not optimal");
            }
        }
    }

    @Test
    void permutationCostGivesThePermutation() {
        int n = 9;
        int[] permutation = {4, 0, 8, 2, 6, 1, 7, 3, 5};
        double[][] cost = new double[n][n];
        Random random = new Random(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i][j] = j == permutation[i] ? 0.25 : 1 + random.nextDouble();
            }
        }
        double[] uniform = new double[n];
        Arrays.fill(uniform, 1.0 / n);

        TransportPlan plan = solver.solve(uniform, uniform, cost);

        double[][] dense = plan.toDense();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(j == permutation[i] ? 1.0 / n : 0.0, dense[i][j], 0.0, "entry " + i + "," + j);
            }
        }
        assertEquals(0.25, plan.objective(), 1e-15);
    }

    @Test
    void singleSourceSendsToEveryTarget() {
        double[] target = {0.5, 0.0, 0.2, 0.3};
        double[][] cost = {{1, 2, 3, 4}};

        TransportPlan plan = solver.solve(new double[] {1.0}, target, cost);

        assertArrayEquals(target, plan.toDense()[0], 1e-16);
        assertEquals(0.5 * 1 + 0.2 * 3 + 0.3 * 4, plan.objective(), 1e-15);
        assertEquals(3, plan.entryCount());
    }

    @Test
    void singleTargetReceivesFromEverySource() {
        double[] source = {0.1, 0.6, 0.3};
        double[][] cost = {{2}, {1}, {5}};

        TransportPlan plan = solver.solve(source, new double[] {1.0}, cost);

        double[][] dense = plan.toDense();
        for (int i = 0; i < source.length; i++) {
            assertEquals(source[i], dense[i][0], 1e-16);
        }
        assertEquals(0.1 * 2 + 0.6 * 1 + 0.3 * 5, plan.objective(), 1e-15);
    }

    @Test
    void zeroCostGivesZeroObjectiveAndAFeasibleBasicPlan() {
        double[][] masses = RandomInstances.masses(new Random(5), 13, 8, RandomInstances.MassKind.RANDOM_WITH_ZEROS);
        double[][] cost = new double[13][8];

        TransportPlan plan = solver.solve(masses[0], masses[1], cost);

        assertValidPlan(plan, masses[0], masses[1], cost, "zero cost");
        assertEquals(0.0, plan.objective());
    }

    @Test
    void nodesWithoutMassGetNoEntries() {
        double[] source = {0.0, 0.5, 0.0, 0.5};
        double[] target = {0.25, 0.0, 0.75};
        double[][] cost = {{0, 0, 0}, {1, 0, 2}, {0, 0, 0}, {3, 0, 1}};

        TransportPlan plan = solver.solve(source, target, cost);

        assertValidPlan(plan, source, target, cost, "zero masses");
        plan.forEach((i, j, amount) -> {
            assertTrue(i == 1 || i == 3, "entry from massless source " + i);
            assertTrue(j == 0 || j == 2, "entry to massless target " + j);
        });
        assertEquals(0.25 * 1 + 0.25 * 2 + 0.5 * 1, plan.objective(), 1e-15);
    }

    @Test
    void allMassesZeroGiveTheEmptyPlan() {
        TransportPlan plan = solver.solve(new double[2], new double[3], new double[2][3]);

        assertEquals(0, plan.entryCount());
        assertEquals(0.0, plan.objective());
        assertTrue(plan.converged());
    }

    @Test
    void targetTotalWithinToleranceIsRescaledToTheSourceTotal() {
        double[] source = {0.5, 0.5};
        double[] target = {0.5 * (1 + 4e-10), 0.5 * (1 + 4e-10)};
        double[][] cost = {{1, 0}, {0, 1}};

        TransportPlan plan = solver.solve(source, target, cost);

        assertArrayEquals(source, plan.sourceSums(), 1e-16);
        assertArrayEquals(new double[] {0.5, 0.5}, plan.targetSums(), 1e-16);
    }

    static void assertValidPlan(TransportPlan plan, double[] source, double[] target, double[][] cost, String label) {
        int n = source.length;
        int m = target.length;
        assertEquals(n, plan.sourceCount(), label);
        assertEquals(m, plan.targetCount(), label);
        assertTrue(plan.entryCount() <= n + m - 1, label + ": " + plan.entryCount() + " entries > n + m - 1");
        double objective = 0;
        for (int k = 0; k < plan.entryCount(); k++) {
            assertTrue(plan.amount(k) > 0, label + ": stored entry " + k + " is not positive");
            objective += plan.amount(k) * cost[plan.source(k)][plan.target(k)];
        }
        assertArrayEquals(source, plan.sourceSums(), MARGINAL_TOLERANCE, label + ": row sums");
        assertArrayEquals(target, plan.targetSums(), MARGINAL_TOLERANCE, label + ": column sums");
        assertEquals(objective, plan.objective(), 1e-12 * Math.abs(objective), label + ": reported objective");
        assertTrue(plan.converged(), label);
    }
}
