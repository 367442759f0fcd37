package org.splitfuse.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.splitfuse.core.model.InputShape;

/**
 * Reads the CIFAR binary format: records of label byte(s) followed by 3072 pixel bytes (3 x 32 x 32,
 * channel-major, which is already NCHW). CIFAR-10 has one label byte; CIFAR-100 has two (coarse,
 * fine): the fine label is used, the coarse one only checked. One reader collects the records of
 * all files of a split (the five CIFAR-10 training batches); records are copied once into chunks
 * as they stream by and once into the final array, so a split needs about twice its size.
 */
public final class CifarReader {

    public static final int PIXELS = 3 * 32 * 32;
    private static final int COARSE_CLASSES = 20;
    private static final int CHUNK_RECORDS = 1024;

    private final DatasetName name;
    private final int labelBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private int[] labels = new int[CHUNK_RECORDS];
    private int count;

    public CifarReader(DatasetName name) {
        if (name.format() != DatasetName.Format.CIFAR) {
            throw new IllegalArgumentException(name.id() + " is not a CIFAR data set");
        }
        this.name = name;
        this.labelBytes = name.labelBytes();
    }

    /** Appends the records of one file. */
    public void read(InputStream raw, String source) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        int record = labelBytes + PIXELS;
        byte[] label = new byte[labelBytes];
        int first = count;
        while (true) {
            int got = in.readNBytes(label, 0, labelBytes);
            if (got == 0) {
                break;
            }
            byte[] chunk = chunkFor(count);
            int offset = (count % CHUNK_RECORDS) * PIXELS;
            if (got == labelBytes) {
                got += in.readNBytes(chunk, offset, PIXELS);
            }
            if (got < record) {
                long size = (long) (count - first) * record + got;
                throw new DataFormatException(source, "truncated: size " + size + " is not a multiple of the " + record
                        + "-byte " + name.id() + " record (" + (count - first) + " whole records, then " + got
                        + " bytes)");
            }
            int fine = label[labelBytes - 1] & 0xff;
            if (fine >= name.numClasses()) {
                throw new DataFormatException(source, "record " + (count - first) + " has label " + fine + ", outside [0, "
                        + name.numClasses() + ")");
            }
            if (labelBytes == 2 && (label[0] & 0xff) >= COARSE_CLASSES) {
                throw new DataFormatException(source, "record " + (count - first) + " has coarse label " + (label[0] & 0xff)
                        + ", outside [0, " + COARSE_CLASSES + ")");
            }
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, 2 * count);
            }
            labels[count++] = fine;
        }
        if (count == first) {
            throw new DataFormatException(source, "file is empty");
        }
    }

    private byte[] chunkFor(int index) {
        int c = index / CHUNK_RECORDS;
        if (c == chunks.size()) {
            chunks.add(new byte[CHUNK_RECORDS * PIXELS]);
        }
        return chunks.get(c);
    }

    /** The records read so far, un-normalised. */
    public LabeledImages images() {
        byte[] pixels = new byte[Math.multiplyExact(count, PIXELS)];
        for (int c = 0; c < chunks.size(); c++) {
            int records = Math.min(CHUNK_RECORDS, count - c * CHUNK_RECORDS);
            System.arraycopy(chunks.get(c), 0, pixels, c * CHUNK_RECORDS * PIXELS, records * PIXELS);
        }
        return new LabeledImages(pixels, Arrays.copyOf(labels, count), InputShape.of(3, 32, 32), name.numClasses(),
                ChannelStats.identity(3));
    }
}
