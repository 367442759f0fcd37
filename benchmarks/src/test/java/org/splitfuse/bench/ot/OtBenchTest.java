package org.splitfuse.bench.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.ot.TransportProblemFile;

class OtBenchTest {

    @Test
    void writesOneCsvRowPerSizeCostKindAndMarginalsWithEmptyPotColumnsWithoutPot(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("results").resolve("ot-bench.csv");

        OtBench.main(new String[] {"--no-pot", "--repeats", "1", "--warm-up-ms", "0", "--cold-runs", "0",
                "--sizes", "12x6,5x9", "--costs", "random,euclid-d3", "--out", csv.toString()});

        List<String> lines = Files.readAllLines(csv);
        assertEquals(BenchCsv.HEADER, lines.get(0));
        assertEquals(9, lines.size());
        String[] expected = {"12,6,uniform,random", "12,6,importance,random", "12,6,uniform,euclid-d3",
            "12,6,importance,euclid-d3", "5,9,uniform,random", "5,9,importance,random", "5,9,uniform,euclid-d3",
            "5,9,importance,euclid-d3"};
        for (int k = 0; k < expected.length; k++) {
            String[] fields = lines.get(k + 1).split(",", -1);
            assertEquals(11, fields.length, lines.get(k + 1));
            assertEquals(expected[k], fields[0] + "," + fields[1] + "," + fields[2] + "," + fields[7]);
            assertTrue(Double.parseDouble(fields[3]) > 0, "java_ms in " + lines.get(k + 1));
            assertTrue(Integer.parseInt(fields[8]) >= 0, "java_pivots in " + lines.get(k + 1));
            for (int empty : new int[] {4, 5, 6, 9, 10}) {
                assertEquals("", fields[empty], "column " + empty + " should be empty: " + lines.get(k + 1));
            }
        }
        List<String> markdown = Files.readAllLines(dir.resolve("results").resolve("ot-bench.md"));
        assertEquals(8, markdown.stream().filter(line -> line.matches("\\| \\d+ x \\d+ \\|.*")).count(), markdown.toString());
        assertTrue(markdown.stream().anyMatch(line -> line.contains("Load average")), markdown.toString());
    }

    @Test
    void coldRunsTimeTheFirstSolveInFreshJvms(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ot-bench.csv");

        OtBench.main(new String[] {"--no-pot", "--repeats", "1", "--warm-up-ms", "0", "--cold-runs", "1",
                "--sizes", "20x10", "--costs", "euclid-d2", "--marginals", "uniform", "--out", csv.toString()});

        String[] fields = Files.readAllLines(csv).get(1).split(",", -1);
        assertTrue(Double.parseDouble(fields[9]) > 0, "java_cold_ms " + fields[9]);
    }

    @Test
    void benchmarksProblemFilesAndNpyCostMatricesFromADirectory(@TempDir Path dir) throws Exception {
        Path problems = Files.createDirectories(dir.resolve("dumps"));
        double[] source = {0.5, 0.25, 0.25};
        double[] target = {0.6, 0.4};
        double[][] cost = {{1, 2}, {0, 5}, {3, 1}};
        TransportProblemFile.write(problems.resolve("group-3.bin"), source, target, cost);
        writeNpy(problems.resolve("align.npy"), new double[][] {{1, 2, 3}, {4, 5, 0}}, false);
        Path csv = dir.resolve("ot-bench.csv");

        OtBench.main(new String[] {"--no-pot", "--repeats", "1", "--warm-up-ms", "0", "--cold-runs", "0",
                "--problems", problems.toString(), "--out", csv.toString()});

        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("2,3,uniform,"), lines.get(1));
        assertEquals("file:align", lines.get(1).split(",")[7]);
        assertTrue(lines.get(2).startsWith("2,3,importance,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("3,2,file,"), lines.get(3));
        assertEquals("file:group-3", lines.get(3).split(",")[7]);
    }

    @Test
    void readsFloat64AndFloat32NpyMatricesAndRejectsOtherLayouts(@TempDir Path dir) throws Exception {
        double[][] matrix = {{1.5, -2, 0.25}, {4, 1e-3, 6}};
        Path f8 = dir.resolve("c8.npy");
        Path f4 = dir.resolve("c4.npy");
        writeNpy(f8, matrix, false);
        writeNpy(f4, matrix, true);

        double[][] read8 = NpyMatrix.read(f8);
        double[][] read4 = NpyMatrix.read(f4);
        for (int i = 0; i < matrix.length; i++) {
            assertArrayEquals(matrix[i], read8[i], 0.0);
            assertArrayEquals(matrix[i], read4[i], 1e-7);
        }

        Path fortran = dir.resolve("f.npy");
        Files.write(fortran, npy("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1), }", new byte[8]));
        assertTrue(assertThrows(IOException.class, () -> NpyMatrix.read(fortran)).getMessage().contains("Fortran-order"));
        Path ints = dir.resolve("i.npy");
        Files.write(ints, npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }", new byte[8]));
        assertTrue(assertThrows(IOException.class, () -> NpyMatrix.read(ints)).getMessage().contains("dtype <i8"));
        Path vector = dir.resolve("v.npy");
        Files.write(vector, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new byte[24]));
        assertTrue(assertThrows(IOException.class, () -> NpyMatrix.read(vector)).getMessage().contains("not 2-D"));
    }

    @Test
    void badOptionsAndMissingFilesAreUserErrorsNamingTheOption() {
        InputError kind = assertThrows(InputError.class,
                () -> BenchOptions.parse(new String[] {"--costs", "random,euclid-x"}));
        assertTrue(kind.getMessage().contains("unknown cost kind 'euclid-x'"), kind.getMessage());
        InputError cold = assertThrows(InputError.class, () -> BenchOptions.parse(new String[] {"--cold-runs", "-1"}));
        assertEquals("--cold-runs must be an integer of at least 0, got -1", cold.getMessage());
        InputError repeats = assertThrows(InputError.class, () -> BenchOptions.parse(new String[] {"--repeats", "x"}));
        assertEquals("--repeats expects an integer, got 'x'", repeats.getMessage());
        InputError noValue = assertThrows(InputError.class, () -> BenchOptions.parse(new String[] {"--out"}));
        assertEquals("--out needs a value", noValue.getMessage());
        InputError unknown = assertThrows(InputError.class, () -> BenchOptions.parse(new String[] {"--repeat", "3"}));
        assertEquals("unknown option --repeat (see --help)", unknown.getMessage());
        InputError flag = assertThrows(InputError.class, () -> BenchOptions.parse(new String[] {"--no-pot", "yes"}));
        assertEquals("--no-pot takes no value, got 'yes'", flag.getMessage());
        InputError widths = assertThrows(InputError.class,
                () -> BenchOptions.parse(new String[] {"--make-dumps", "d", "--widths", "0.25,2"}));
        assertEquals("--widths: 2 is not in (0, 1]", widths.getMessage());
        InputError missing = assertThrows(InputError.class, () -> OtBench.problemFiles(List.of(Path.of("no/such.bin"))));
        assertEquals("no/such.bin: no such file or directory", missing.getMessage());
    }

    @Test
    void defaultOutputIsUnderOutNotTheCommittedResults() {
        BenchOptions options = BenchOptions.parse(new String[0]);
        assertEquals(Path.of("out", "ot-bench", "ot-bench.csv"), options.out());
        assertTrue(OtBench.USAGE.startsWith("usage: bin/splitfuse ot-bench "), OtBench.USAGE);
    }

    @Test
    void aProblemFileTheSolverRejectsIsOneLineNamingTheFileAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.bin");
        TransportProblemFile.write(bad, new double[] {0.5, 0.5}, new double[] {1}, new double[][] {{1}, {Double.NaN}});
        Path csv = dir.resolve("out").resolve("ot-bench.csv");

        InputError e = assertThrows(InputError.class, () -> OtBench.run(new String[] {"--no-pot", "--repeats", "1",
            "--warm-up-ms", "0", "--cold-runs", "0", "--problems", bad.toString(), "--out", csv.toString()}));

        assertEquals(bad + ": cost[1][0] is NaN", e.getMessage());
        assertFalse(Files.exists(csv.getParent()), "nothing written");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, UserError.report("splitfuse ot-bench", e, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("splitfuse ot-bench: error: " + bad + ": cost[1][0] is NaN\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dumpsAreNamedByTheirCostKindAndTheirMarginalsRecognised(@TempDir Path dir) throws Exception {
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        TransportProblemFile.write(dumps.resolve("fusion-weight:vgg11-bn-w0.25:features.25.bin"),
                new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, new double[][] {{0, 2}, {1, 0}});
        TransportProblemFile.write(dumps.resolve("intra-fusion:resnet18-w1:layer4.1.conv1.bin"),
                new double[] {0.2, 0.3, 0.5}, new double[] {0.6, 0.4}, new double[][] {{1, 2}, {0, 5}, {3, 1}});
        Path csv = dir.resolve("ot-bench.csv");

        assertEquals(0, OtBench.run(new String[] {"--no-pot", "--repeats", "1", "--warm-up-ms", "0", "--cold-runs", "0",
            "--sizes", "4x3", "--costs", "random", "--marginals", "uniform", "--dumps", dumps.toString(),
            "--out", csv.toString()}));

        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("4,3,uniform,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("2,2,uniform,"), lines.get(2));
        assertEquals("fusion-weight:vgg11-bn-w0.25:features.25", lines.get(2).split(",")[7]);
        assertTrue(lines.get(3).startsWith("3,2,given,"), lines.get(3));
        assertEquals("intra-fusion:resnet18-w1:layer4.1.conv1", lines.get(3).split(",")[7]);
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

    @Test
    void randomCostsKeepTheirEarlierMatricesAndEuclideanOnesConcentrateAroundSqrtTwoD() {
        BenchProblem random = BenchProblem.generate(4, 3, BenchProblem.Marginals.UNIFORM, 77);
        assertEquals(new Random(77).nextDouble(), random.cost()[0][0], 0.0);
        assertEquals("random", random.costKind());

        // |x - y| for independent standard normal x, y in R^d: sqrt(2) E[chi_d], about sqrt(2d - 1); sqrt(pi) for d = 2
        double[] expectedMean = {Math.sqrt(Math.PI), Math.sqrt(2 * 64 - 1), Math.sqrt(2 * 512 - 1)};
        int[] dimensions = {2, 64, 512};
        for (int k = 0; k < dimensions.length; k++) {
            BenchProblem problem = BenchProblem.generate(60, 40, BenchProblem.CostKind.parse("euclid-d" + dimensions[k]),
                    BenchProblem.Marginals.UNIFORM, 5);
            double mean = Arrays.stream(problem.cost()).flatMapToDouble(Arrays::stream).average().orElseThrow();
            assertEquals(expectedMean[k], mean, 0.03 * expectedMean[k], "d = " + dimensions[k]);
        }
    }

    private static void writeNpy(Path file, double[][] matrix, boolean float32) throws IOException {
        int width = float32 ? 4 : 8;
        ByteBuffer data = ByteBuffer.allocate(width * matrix.length * matrix[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : matrix) {
            for (double value : row) {
                if (float32) {
                    data.putFloat((float) value);
                } else {
                    data.putDouble(value);
                }
            }
        }
        Files.write(file, npy("{'descr': '<f" + width + "', 'fortran_order': False, 'shape': (" + matrix.length + ", "
                + matrix[0].length + "), }", data.array()));
    }

    /** A version 1.0 .npy file: magic, version, header length, header padded to 64 bytes, data. */
    private static byte[] npy(String dict, byte[] data) {
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bytes = ByteBuffer.allocate(10 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        bytes.putShort((short) headerBytes.length).put(headerBytes).put(data);
        return bytes.array();
    }
}
