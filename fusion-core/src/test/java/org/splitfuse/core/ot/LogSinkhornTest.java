package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogSinkhornTest {

    @Test
    void objectiveApproachesTheExactOptimumAsRegularisationShrinks() {
        Random random = new Random(17);
        double[][] cost = RandomInstances.cost(random, 24, 17, RandomInstances.CostKind.CONTINUOUS, 1.0);
        double[][] masses = RandomInstances.masses(random, 24, 17, RandomInstances.MassKind.RANDOM_WITH_ZEROS);
        double exact = TransportSolver.exact().solve(masses[0], masses[1], cost).objective();

        double previousGap = Double.POSITIVE_INFINITY;
        for (double reg : new double[] {1.0, 0.1, 0.01, 0.001}) {
            TransportPlan plan = new LogSinkhorn(reg, 1e-10, 200_000).solve(masses[0], masses[1], cost);
            assertTrue(plan.converged(), "reg " + reg + " did not converge");
            assertArrayEquals(masses[0], plan.sourceSums(), 1e-9, "reg " + reg + ": row sums");
            assertArrayEquals(masses[1], plan.targetSums(), 1e-12, "reg " + reg + ": column sums");
            double gap = plan.objective() - exact;
            assertTrue(gap > -1e-9, "reg " + reg + ": entropic cost " + plan.objective() + " below the optimum " + exact);
            assertTrue(gap < previousGap, "reg " + reg + ": gap " + gap + " did not shrink from " + previousGap);
            previousGap = gap;
        }
        assertEquals(exact, exact + previousGap, 1e-3 * exact, "gap at reg 0.001");
    }

    @Test
    void staysFiniteAtSmallRegularisationWithLargeCosts() {
        Random random = new Random(23);
        double[][] cost = RandomInstances.cost(random, 30, 20, RandomInstances.CostKind.CONTINUOUS, 1e3);
        double[][] masses = RandomInstances.masses(random, 30, 20, RandomInstances.MassKind.RANDOM_WITH_ZEROS);

        TransportPlan plan = new LogSinkhorn(1e-3, 1e-9, 20_000).solve(masses[0], masses[1], cost);

        assertTrue(plan.converged(), "stopped after " + plan.iterations() + " sweeps");
        assertTrue(Double.isFinite(plan.objective()), "objective " + plan.objective());
        plan.forEach((i, j, amount) -> assertTrue(Double.isFinite(amount) && amount > 0, "entry " + i + "," + j));
        // cost / reg reaches 1e6 here, so exponents carry about 1e-10 relative rounding
        assertArrayEquals(masses[1], plan.targetSums(), 1e-9, "column sums");
        assertArrayEquals(masses[0], plan.sourceSums(), 1e-8, "row sums");
        double exact = TransportSolver.exact().solve(masses[0], masses[1], cost).objective();
        assertEquals(exact, plan.objective(), 1e-6 * exact);
    }

    @Test
    void reportsWhenTheIterationCapStopsItFirst() {
        Random random = new Random(29);
        double[][] cost = RandomInstances.cost(random, 10, 10, RandomInstances.CostKind.CONTINUOUS, 1.0);
        double[][] masses = RandomInstances.masses(random, 10, 10, RandomInstances.MassKind.RANDOM_WITH_ZEROS);

        TransportPlan plan = new LogSinkhorn(1e-3, 1e-12, 2).solve(masses[0], masses[1], cost);

        assertFalse(plan.converged());
        assertEquals(2, plan.iterations());
    }

    @Test
    void massesOfZeroGetNoEntries() {
        double[] source = {0.5, 0.0, 0.5};
        double[] target = {0.0, 1.0};
        double[][] cost = {{1, 2}, {0, 0}, {3, 1}};

        TransportPlan plan = TransportSolver.sinkhorn(0.05).solve(source, target, cost);

        assertTrue(plan.converged());
        double[][] expected = {{0, 0.5}, {0, 0}, {0, 0.5}};
        double[][] dense = plan.toDense();
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], dense[i], 1e-12, "row " + i);
        }
        assertEquals(1.5, plan.objective(), 1e-12);
    }

    @Test
    void rejectsInvalidSettings() {
        assertEquals("reg = 0.0 must be positive and finite",
                assertThrows(IllegalArgumentException.class, () -> new LogSinkhorn(0.0)).getMessage());
        assertEquals("tolerance = -1.0 must be positive",
                assertThrows(IllegalArgumentException.class, () -> new LogSinkhorn(1, -1, 10)).getMessage());
        assertEquals("maxIterations = 0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> new LogSinkhorn(1, 1e-9, 0)).getMessage());
    }
}
