package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a float64 array in NumPy's .npy format (version 1.0, C order, little endian). */
final class Npy {

    private Npy() {
    }

    static void write(Path file, double[] data, int rows, int cols) throws IOException {
        String shape = cols == 1 ? "(" + rows + ",)" : "(" + rows + ", " + cols + ")";
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : data) {
            buf.putDouble(v);
        }
        Files.write(file, buf.array());
    }
}
