package org.splitfuse.core.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportProblemFileTest {

    @Test
    void roundTripsMassesAndCostsBitForBit(@TempDir Path dir) throws IOException {
        Random random = new Random(8);
        double[] source = RandomInstances.importance(random, 300);
        double[] target = RandomInstances.importance(random, 7);
        double[][] cost = RandomInstances.euclidean(random, 300, 7, 3, 1.0);
        cost[4][2] = -0.0;
        Path file = dir.resolve("p.bin");

        TransportProblemFile.write(file, source, target, cost);
        TransportProblemFile.Problem read = TransportProblemFile.read(file);

        assertEquals(16 + 8 * (300 + 7 + 300 * 7), Files.size(file));
        assertArrayEquals(source, read.source(), 0.0);
        assertArrayEquals(target, read.target(), 0.0);
        for (int i = 0; i < cost.length; i++) {
            assertArrayEquals(cost[i], read.cost()[i], 0.0);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read.cost()[4][2]));
    }

    @Test
    void theLayoutIsLittleEndianHeaderThenMassesThenRowMajorCosts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.bin");
        TransportProblemFile.write(file, new double[] {0.25, 0.75}, new double[] {1.0}, new double[][] {{3.0}, {5.0}});

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, bytes.getLong());
        assertEquals(1, bytes.getLong());
        assertEquals(0.25, bytes.getDouble());
        assertEquals(0.75, bytes.getDouble());
        assertEquals(1.0, bytes.getDouble());
        assertEquals(3.0, bytes.getDouble());
        assertEquals(5.0, bytes.getDouble());
        assertEquals(0, bytes.remaining());
    }

    @Test
    void rejectsFilesWhoseSizeDoesNotMatchTheHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.bin");
        TransportProblemFile.write(file, new double[] {0.5, 0.5}, new double[] {1.0}, new double[][] {{1}, {2}});
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 8));

        IOException truncated = assertThrows(IOException.class, () -> TransportProblemFile.read(file));
        assertTrue(truncated.getMessage().contains("48 bytes, a 2 x 1 problem needs 56"), truncated.getMessage());

        Files.write(file, new byte[16]);
        IOException empty = assertThrows(IOException.class, () -> TransportProblemFile.read(file));
        assertTrue(empty.getMessage().contains("not a transport problem file (header says 0 x 0)"), empty.getMessage());
    }

    @Test
    void theDumpPropertyMakesTheExactSolverWriteEveryProblem(@TempDir Path dir) throws IOException {
        double[] source = {0.5, 0.5};
        double[] target = {0.2, 0.3, 0.5};
        double[][] cost = {{1, 2, 3}, {4, 0, 6}};
        Path dumps = dir.resolve("dumps");
        TransportPlan plan;
        System.setProperty(ProblemDump.PROPERTY, dumps.toString());
        try {
            TransportSolver solver = TransportSolver.exact();
            plan = solver.solve(source, target, cost);
            solver.solve(target, target, new double[3][3]);
        } finally {
            System.clearProperty(ProblemDump.PROPERTY);
        }

        List<Path> files;
        try (Stream<Path> listing = Files.list(dumps)) {
            files = listing.sorted().toList();
        }
        assertEquals(2, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("ot-\\d+-\\d{6}-2x3\\.bin"), files.get(0).toString());
        TransportProblemFile.Problem first = TransportProblemFile.read(files.get(0));
        assertArrayEquals(source, first.source(), 0.0);
        assertArrayEquals(cost[1], first.cost()[1], 0.0);
        assertEquals(new NetworkSimplex().solve(source, target, cost).objective(), plan.objective(), 0.0);
        assertEquals(NetworkSimplex.class, TransportSolver.exact().getClass(), "no dumping without the property");
    }
}
