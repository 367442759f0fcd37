package org.splitfuse.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the CIFAR binary format: records of label byte(s) followed by 3072 pixel bytes (3 x 32 x 32,
 * channel-major). CIFAR-10 has one label byte; CIFAR-100 has two (coarse, fine): the fine label is used.
 */
public final class CifarReader {

    public static final int PIXELS = 3 * 32 * 32;

    private CifarReader() {
    }

    /** Records appended to {@code pixels} and {@code labels}. */
    public static void read(InputStream in, String source, int labelBytes, int numClasses,
                            ByteArrayOutputStream pixels, IntList labels) throws IOException {
        byte[] all = in.readAllBytes();
        int record = labelBytes + PIXELS;
        if (all.length == 0) {
            throw new DataFormatException(source, "file is empty");
        }
        if (all.length % record != 0) {
            throw new DataFormatException(source, "size " + all.length + " is not a multiple of the " + record
                    + "-byte CIFAR record (truncated or not a CIFAR" + (labelBytes == 1 ? "-10" : "-100") + " file)");
        }
        int count = all.length / record;
        for (int r = 0; r < count; r++) {
            int offset = r * record;
            int label = all[offset + labelBytes - 1] & 0xff;
            if (label >= numClasses) {
                throw new DataFormatException(source, "record " + r + " has label " + label + ", outside [0, "
                        + numClasses + ")");
            }
            labels.add(label);
            pixels.write(all, offset + labelBytes, PIXELS);
        }
    }

    /** A growable int array, to collect labels across batch files. */
    public static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
