package org.splitfuse.bench.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtBenchTest {

    @Test
    void writesOneCsvRowPerSizeAndMarginalsWithEmptyPotColumnsWithoutPot(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("results").resolve("ot-bench.csv");

        OtBench.main(new String[] {"--no-pot", "--repeats", "1", "--warm-up-ms", "0", "--sizes", "12x6,5x9", "--out", csv.toString()});

        List<String> lines = Files.readAllLines(csv);
        assertEquals(BenchCsv.HEADER, lines.get(0));
        assertEquals(5, lines.size());
        String[] expectedStarts = {"12,6,uniform,", "12,6,importance,", "5,9,uniform,", "5,9,importance,"};
        for (int k = 0; k < expectedStarts.length; k++) {
            String line = lines.get(k + 1);
            assertTrue(line.startsWith(expectedStarts[k]), line);
            assertTrue(line.endsWith(",,,"), "POT columns should be empty: " + line);
            assertTrue(Double.parseDouble(line.split(",")[3]) > 0, "java_ms in " + line);
        }
    }

    @Test
    void importanceTargetsAreTheLargestSourceScoresRenormalised() {
        BenchProblem problem = BenchProblem.generate(50, 20, BenchProblem.Marginals.IMPORTANCE, 3);

        double[] sorted = problem.source().clone();
        Arrays.sort(sorted);
        double[] largest = Arrays.copyOfRange(sorted, 30, 50);
        double total = Arrays.stream(largest).sum();
        for (int k = 0; k < largest.length; k++) {
            largest[k] /= total;
        }
        assertEquals(1.0, Arrays.stream(problem.source()).sum(), 1e-12);
        assertArrayEquals(largest, problem.target(), 1e-15);
    }
}
