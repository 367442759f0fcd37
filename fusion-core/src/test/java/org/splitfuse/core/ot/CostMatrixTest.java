package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CostMatrixTest {

    private static final double[][] SOURCES = {{0, 0}, {1, 2}};
    private static final double[][] TARGETS = {{3, 4}};

    @Test
    void entriesAreTheDistancesBetweenSourceAndTargetRows() {
        assertArrayEquals(new double[] {5}, CostMatrix.euclidean(SOURCES, TARGETS)[0], 0);
        assertArrayEquals(new double[] {Math.sqrt(8)}, CostMatrix.euclidean(SOURCES, TARGETS)[1], 0);
        assertArrayEquals(new double[] {7}, CostMatrix.minkowski(SOURCES, TARGETS, 1)[0], 0);
        assertArrayEquals(new double[] {Math.cbrt(27 + 64)}, CostMatrix.minkowski(SOURCES, TARGETS, 3)[0], 1e-12);
    }
}
