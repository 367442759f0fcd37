package org.splitfuse.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (MNIST, Fashion-MNIST), gzipped or plain: the gzip magic is detected, not the
 * file name. Only unsigned-byte data is supported, which is what these data sets use. The data
 * must fill the file exactly: a short file is truncated, extra bytes mean a wrong header.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** An idx3 file: count x rows x cols unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(InputStream raw, String source) throws IOException {
        Header h = header(raw, source, 3, "images: count, rows, columns");
        long bytes = (long) h.dims[0] * h.dims[1] * h.dims[2];
        if (bytes > Integer.MAX_VALUE) {
            throw new DataFormatException(source, "declares " + bytes + " bytes of images, more than one array holds");
        }
        byte[] pixels = readAll(h.in, (int) bytes, source,
                "header declares " + h.dims[0] + " images of " + h.dims[1] + "x" + h.dims[2]);
        return new Images(h.dims[0], h.dims[1], h.dims[2], pixels);
    }

    /** The labels as read; their range is checked by the caller, who knows the number of classes. */
    public static int[] readLabels(InputStream raw, String source) throws IOException {
        Header h = header(raw, source, 1, "labels: count");
        byte[] bytes = readAll(h.in, h.dims[0], source, "header declares " + h.dims[0] + " labels");
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private record Header(InputStream in, int[] dims) {
    }

    private static Header header(InputStream raw, String source, int expectedDims, String layout) throws IOException {
        DataInputStream in = new DataInputStream(maybeGunzip(raw, source));
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(source, "empty or truncated before the IDX header");
        }
        if ((magic >>> 16) != 0) {
            throw new DataFormatException(source, String.format("not an IDX file (magic 0x%08x)", magic));
        }
        int type = (magic >>> 8) & 0xff;
        int dims = magic & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(source, String.format(
                    "IDX element type 0x%02x is not supported, only unsigned bytes (0x08) (magic 0x%08x)", type, magic));
        }
        if (dims != expectedDims) {
            throw new DataFormatException(source, String.format(
                    "expected an IDX file of %d dimensions (%s), found %d (magic 0x%08x)", expectedDims, layout, dims,
                    magic));
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
        return b0 == 0x1f && b1 == 0x8b ? new CheckedGunzip(in, source) : in;
    }

    /** Reads the declared payload, then makes sure nothing follows it. */
    private static byte[] readAll(InputStream in, int length, String source, String declared) throws IOException {
        byte[] out = new byte[length];
        int read = in.readNBytes(out, 0, length);
        if (read < length) {
            throw new DataFormatException(source, "truncated: " + declared + " (" + length + " bytes) but only "
                    + read + " bytes follow");
        }
        // reading to the end also makes GZIPInputStream check the CRC of what was read
        long extra = 0;
        byte[] skip = new byte[1 << 16];
        for (int n; (n = in.read(skip)) >= 0; ) {
            extra += n;
        }
        if (extra > 0) {
            throw new DataFormatException(source, "size mismatch: " + declared + " (" + length + " bytes) but "
                    + (length + extra) + " bytes follow");
        }
        return out;
    }

    /**
     * A gzip stream whose failures become {@link DataFormatException}s naming the file, so that a
     * damaged gzip file is not mistaken for a short IDX file (the inflater throws EOFException too).
     */
    private static final class CheckedGunzip extends FilterInputStream {

        private final String source;

        CheckedGunzip(InputStream compressed, String source) throws IOException {
            super(open(compressed, source));
            this.source = source;
        }

        private static InputStream open(InputStream compressed, String source) throws IOException {
            try {
                return new GZIPInputStream(compressed, 1 << 16);
            } catch (ZipException e) {
                throw corrupt(source, e);
            } catch (EOFException e) {
                throw truncated(source, e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException e) {
                throw corrupt(source, e);
            } catch (EOFException e) {
                throw truncated(source, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException e) {
                throw corrupt(source, e);
            } catch (EOFException e) {
                throw truncated(source, e);
            }
        }

        private static DataFormatException corrupt(String source, ZipException e) {
            return new DataFormatException(source, "corrupt gzip stream (" + e.getMessage() + ")", e);
        }

        private static DataFormatException truncated(String source, EOFException e) {
            return new DataFormatException(source, "truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }
}
