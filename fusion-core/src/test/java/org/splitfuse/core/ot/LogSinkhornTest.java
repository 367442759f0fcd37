package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogSinkhornTest {

    @Test
    void objectiveApproachesTheExactOneAsRegularisationShrinks() {
        Random r = new Random(11);
        double[] a = NetworkSimplexTest.randomMasses(r, 30, false);
        double[] b = NetworkSimplexTest.randomMasses(r, 20, false);
        double[][] c = NetworkSimplexTest.randomCost(r, 30, 20, false);
        double exact = TransportSolver.exact().solve(a, b, c).objective();
        double previousGap = Double.POSITIVE_INFINITY;
        for (double reg : new double[] {1, 0.1, 0.01, 0.001}) {
            TransportPlan plan = new LogSinkhorn(reg, 1e-10, 200_000).solve(a, b, c);
            assertTrue(plan.converged(), "reg " + reg);
            double gap = plan.objective() - exact;
            assertTrue(gap > -1e-9, "entropic objective below the exact optimum at reg " + reg + ": " + gap);
            assertTrue(gap < previousGap, "gap did not shrink at reg " + reg + ": " + gap + " vs " + previousGap);
            previousGap = gap;
            double[] rows = plan.rowSums();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], rows[i], 1e-9);
            }
        }
        assertTrue(previousGap < 1e-2 * exact, "gap at reg 1e-3: " + previousGap + " of " + exact);
    }

    @Test
    void staysFiniteAtSmallRegularisationWithLargeCosts() {
        Random r = new Random(12);
        double[] a = NetworkSimplexTest.randomMasses(r, 25, true);
        double[] b = NetworkSimplexTest.randomMasses(r, 25, true);
        double[][] c = new double[25][25];
        for (int i = 0; i < 25; i++) {
            for (int j = 0; j < 25; j++) {
                c[i][j] = r.nextDouble() * 1e3;
            }
        }
        TransportPlan plan = new LogSinkhorn(1e-3, 1e-9, 20_000).solve(a, b, c);
        assertTrue(Double.isFinite(plan.objective()));
        for (int k = 0; k < plan.nonZeros(); k++) {
            assertTrue(Double.isFinite(plan.value(k)));
        }
        // the last half-step fits the rows exactly, however far the columns still are
        double[] rows = plan.rowSums();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], rows[i], 1e-9);
        }
    }

    @Test
    void reportsNonConvergenceAtTheIterationCap() {
        Random r = new Random(13);
        double[] a = NetworkSimplexTest.randomMasses(r, 20, false);
        double[] b = NetworkSimplexTest.randomMasses(r, 20, false);
        double[][] c = NetworkSimplexTest.randomCost(r, 20, 20, false);
        TransportPlan plan = new LogSinkhorn(1e-3, 1e-14, 3).solve(a, b, c);
        assertTrue(!plan.converged());
        assertEquals(3, plan.iterations());
        assertThrows(IllegalArgumentException.class, () -> new LogSinkhorn(0, 1e-9, 10));
    }
}
