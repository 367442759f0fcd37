package org.splitfuse.bench.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class NnlsTest {

    @Test
    void anUnconstrainedNegativeCoefficientIsHeldAtZeroAndTheRestRefitted() {
        // unconstrained: x = (1, -1); with x >= 0: x2 = 0 and x1 minimises (x1 - 1)^2 + x1^2, so 0.5
        double[] x = Nnls.solve(new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {1, -1, 0});
        assertArrayEquals(new double[] {0.5, 0}, x, 1e-12);
    }

    @Test
    void anExactNonNegativeSolutionIsFoundWhateverTheColumnsScale() {
        double[][] a = new double[6][];
        double[] b = new double[6];
        double[] truth = {3e-11, 2.5, 0};
        for (int i = 0; i < 6; i++) {
            a[i] = new double[] {1e12 * (i + 1), (i * i) % 5 + 1, i == 3 ? 7 : 0};
            b[i] = truth[0] * a[i][0] + truth[1] * a[i][1];
        }
        double[] x = Nnls.solve(a, b);
        assertArrayEquals(new double[] {3e-11, 2.5, 0}, new double[] {x[0], x[1], x[2]}, 1e-9);
    }
}
