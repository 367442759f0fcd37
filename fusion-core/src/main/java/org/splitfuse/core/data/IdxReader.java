package org.splitfuse.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (MNIST, Fashion-MNIST), gzipped or plain: the gzip magic is detected, not the
 * file name. Only unsigned-byte data is supported, which is what these data sets use.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** An idx3 file: count x rows x cols unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(InputStream raw, String source) throws IOException {
        Header h = header(raw, source, 3);
        long bytes = (long) h.dims[0] * h.dims[1] * h.dims[2];
        if (bytes > Integer.MAX_VALUE) {
            throw new DataFormatException(source, "declares " + bytes + " bytes of images, more than one array holds");
        }
        byte[] pixels = readExactly(h.in, (int) bytes, source,
                "header declares " + h.dims[0] + " images of " + h.dims[1] + "x" + h.dims[2]);
        return new Images(h.dims[0], h.dims[1], h.dims[2], pixels);
    }

    public static int[] readLabels(InputStream raw, String source) throws IOException {
        Header h = header(raw, source, 1);
        byte[] bytes = readExactly(h.in, h.dims[0], source, "header declares " + h.dims[0] + " labels");
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private record Header(DataInputStream in, int[] dims) {
    }

    private static Header header(InputStream raw, String source, int expectedDims) throws IOException {
        DataInputStream in = new DataInputStream(maybeGunzip(raw, source));
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(source, "empty or truncated before the IDX header");
        } catch (ZipException e) {
            throw new DataFormatException(source, "corrupt gzip stream (" + e.getMessage() + ")", e);
        }
        int type = (magic >>> 8) & 0xff;
        int dims = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
            throw new DataFormatException(source, String.format(
                    "not an IDX file of %d-dimensional unsigned bytes (magic 0x%08x)", expectedDims, magic));
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            try {
                sizes[d] = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(source, "truncated inside the IDX header");
            }
            if (sizes[d] < 0) {
                throw new DataFormatException(source, "negative size " + sizes[d] + " in the IDX header");
            }
        }
        return new Header(in, sizes);
    }

    private static InputStream maybeGunzip(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (ZipException e) {
                throw new DataFormatException(source, "corrupt gzip stream (" + e.getMessage() + ")", e);
            }
        }
        return in;
    }

    private static byte[] readExactly(InputStream in, int length, String source, String declared) throws IOException {
        byte[] out = new byte[length];
        int read = 0;
        try {
            while (read < length) {
                int n = in.read(out, read, length - read);
                if (n < 0) {
                    throw new DataFormatException(source, "truncated: " + declared + " (" + length
                            + " bytes) but only " + read + " bytes follow");
                }
                read += n;
            }
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(source, "corrupt or truncated gzip stream after " + read + " of " + length
                    + " bytes (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
