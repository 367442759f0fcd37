package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransportInputsTest {

    private static final double[] SOURCE = {0.25, 0.75};
    private static final double[] TARGET = {0.5, 0.3, 0.2};
    private static final double[][] COST = {{1, 2, 3}, {4, 5, 6}};

    @Test
    void acceptsAValidProblemAndReturnsTheLargestAbsoluteCost() {
        assertEquals(7.0, TransportInputs.validate(SOURCE, TARGET, new double[][] {{1, -7, 3}, {4, 5, 6}}));
    }

    @Test
    void everySolverRejectsInvalidInputsWithAMessageThatNamesTheProblem() {
        for (TransportSolver solver : List.of(TransportSolver.exact(), TransportSolver.sinkhorn(0.1))) {
            assertRejected(solver, new double[0], TARGET, new double[0][], "source side is empty");
            assertRejected(solver, SOURCE, new double[0], COST, "target side is empty");
            assertRejected(solver, new double[] {0.25, Double.NaN}, TARGET, COST, "sourceMass[1] is NaN");
            assertRejected(solver, new double[] {1.1, -0.1}, TARGET, COST, "sourceMass[1] = -0.1 is negative");
            assertRejected(solver, SOURCE, new double[] {0.5, 0.5, Double.POSITIVE_INFINITY}, COST,
                    "targetMass[2] = Infinity is infinite");
            assertRejected(solver, SOURCE, new double[] {0.5, 0.3, 0.18}, COST,
                    "mass sums differ: source 1.0 vs target 0.98 (relative tolerance 1.0E-9)");
            assertRejected(solver, SOURCE, TARGET, new double[][] {{1, 2, 3}, {4, Double.NaN, 6}}, "cost[1][1] is NaN");
            assertRejected(solver, SOURCE, TARGET, new double[][] {{1, 2, Double.NEGATIVE_INFINITY}, {4, 5, 6}},
                    "cost[0][2] = -Infinity is infinite");
            assertRejected(solver, SOURCE, TARGET, new double[][] {{1, 2, 3}, {4, 5, -1e200}},
                    "cost[1][2] = -1.0E200 exceeds 1.0E150 in magnitude (sums of such costs can overflow; rescale the costs)");
            assertRejected(solver, new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, TARGET, COST,
                    "sourceMass sums to infinity");
            assertRejected(solver, SOURCE, TARGET, new double[][] {{1, 2, 3}},
                    "cost has 1 rows, expected 2 (one per source)");
            assertRejected(solver, SOURCE, TARGET, new double[][] {{1, 2, 3}, {4, 5}},
                    "cost[1] has 2 columns, expected 3 (one per target)");
            assertRejected(solver, null, TARGET, COST, "sourceMass is null");
            assertRejected(solver, SOURCE, TARGET, new double[][] {{1, 2, 3}, null}, "cost[1] is null");
        }
    }

    @Test
    void massTotalsWithinTheToleranceAreAccepted() {
        double[] target = {0.5, 0.3, 0.2 + 0.5 * TransportInputs.MASS_SUM_TOLERANCE};
        TransportInputs.validate(SOURCE, target, COST);
    }

    private static void assertRejected(TransportSolver solver, double[] source, double[] target, double[][] cost,
                                       String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> solver.solve(source, target, cost));
        assertEquals(message, error.getMessage());
    }
}
