package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 2-D matrix from a NumPy .npy file (format versions 1 to 3): little-endian float64
 * ({@code <f8}) or float32 ({@code <f4}), C order, i.e. what {@code numpy.save(path, c)}
 * writes for a float64 or float32 array {@code c} of shape (n, m). Anything else is rejected
 * with a message that says what the file holds.
 */
final class NpyMatrix {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyMatrix() {
    }

    static double[][] read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (!bytes.hasRemaining() || bytes.get() != b) {
                throw new IOException(file + ": not a .npy file");
            }
        }
        int major = bytes.get();
        bytes.get(); // minor version
        long headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : Integer.toUnsignedLong(bytes.getInt());
        if (major < 1 || major > 3 || headerLength > bytes.remaining()) {
            throw new IOException(file + ": unsupported .npy version " + major + " or truncated header");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        bytes.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file);
        if (!group(FORTRAN, header, file).equals("False")) {
            throw new IOException(file + ": Fortran-order array; save numpy.ascontiguousarray(c) instead");
        }
        String[] shape = group(SHAPE, header, file).split(",");
        if (shape.length < 2 || shape.length > 3 || (shape.length == 3 && !shape[2].isBlank())) {
            throw new IOException(file + ": shape (" + group(SHAPE, header, file) + ") is not 2-D");
        }
        long n = Long.parseLong(shape[0].trim());
        long m = Long.parseLong(shape[1].trim());
        int width = switch (descr) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            default -> throw new IOException(file + ": dtype " + descr + ", expected <f8 (float64) or <f4 (float32)");
        };
        if (n < 1 || m < 1 || n * m > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": shape " + n + " x " + m + " is empty or too large");
        }
        if (bytes.remaining() != n * m * width) {
            throw new IOException(file + ": " + bytes.remaining() + " data bytes, shape " + n + " x " + m + " of " + descr
                    + " needs " + n * m * width);
        }
        double[][] matrix = new double[(int) n][(int) m];
        for (double[] row : matrix) {
            for (int j = 0; j < row.length; j++) {
                row[j] = width == 8 ? bytes.getDouble() : bytes.getFloat();
            }
        }
        return matrix;
    }

    private static String group(Pattern pattern, String header, Path file) throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(file + ": .npy header without " + pattern.pattern().split("'")[1] + ": " + header.trim());
        }
        return matcher.group(1);
    }
}
