package org.splitfuse.core.ot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One transport problem in a file, the format that ot-bench reads and POT's side of it
 * (benchmarks/src/main/python/pot_emd.py) loads with numpy: little-endian n and m as int64,
 * then the n source masses, the m target masses and the n x m costs, row by row, as float64;
 * nothing else (16 + 8 (n + m + n m) bytes).
 */
public final class TransportProblemFile {

    /** The masses and costs read from a file; not validated (solvers do that). */
    public record Problem(double[] source, double[] target, double[][] cost) {
    }

    private static final long MAX_SIDE = Integer.MAX_VALUE - 8;

    private TransportProblemFile() {
    }

    public static void write(Path file, double[] source, double[] target, double[][] cost) throws IOException {
        int n = source.length;
        int m = target.length;
        ByteBuffer buffer = ByteBuffer.allocate(8 * (2 + m)).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            buffer.putLong(n).putLong(m);
            flush(buffer, channel);
            writeAll(source, buffer, channel);
            writeAll(target, buffer, channel);
            for (double[] row : cost) {
                writeAll(row, buffer, channel);
            }
        }
    }

    /** Reads a problem; {@link IOException} names the file and what is wrong with it. */
    public static Problem read(Path file) throws IOException {
        long bytes = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 16, file);
            long n = header.getLong();
            long m = header.getLong();
            if (n < 1 || m < 1 || n > MAX_SIDE || m > MAX_SIDE) {
                throw new IOException(file + ": not a transport problem file (header says " + n + " x " + m + ")");
            }
            if (n * m > MAX_SIDE) {
                throw new IOException(file + ": a " + n + " x " + m + " cost matrix exceeds one Java array");
            }
            long expected = 16 + 8 * (n + m + n * m);
            if (bytes != expected) {
                throw new IOException(file + ": " + bytes + " bytes, a " + n + " x " + m + " problem needs " + expected);
            }
            double[] source = readDoubles(channel, (int) n, file);
            double[] target = readDoubles(channel, (int) m, file);
            double[][] cost = new double[(int) n][];
            for (int i = 0; i < n; i++) {
                cost[i] = readDoubles(channel, (int) m, file);
            }
            return new Problem(source, target, cost);
        }
    }

    private static void writeAll(double[] values, ByteBuffer buffer, FileChannel channel) throws IOException {
        for (double value : values) {
            if (!buffer.hasRemaining()) {
                flush(buffer, channel);
            }
            buffer.putDouble(value);
        }
        flush(buffer, channel);
    }

    private static void flush(ByteBuffer buffer, FileChannel channel) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private static double[] readDoubles(FileChannel channel, int count, Path file) throws IOException {
        double[] values = new double[count];
        read(channel, 8 * count, file).asDoubleBuffer().get(values);
        return values;
    }

    private static ByteBuffer read(FileChannel channel, int bytes, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException(file + ": ends early");
            }
        }
        return buffer.flip();
    }
}
