package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static final Path FASHION_MNIST = RealData.FASHION_MNIST;

    @TempDir
    Path dir;

    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        out.write(pixels);
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    private static DataFormatException readImagesFailure(byte[] content) {
        return assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(content), "/data/x-images.gz"));
    }

    @Test
    void plainAndGzippedGiveTheSameData() throws Exception {
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        byte[] plain = idxImages(2, 3, 4, pixels);
        IdxReader.Images a = IdxReader.readImages(new ByteArrayInputStream(plain), "plain");
        IdxReader.Images b = IdxReader.readImages(new ByteArrayInputStream(gzip(plain)), "gz");
        assertEquals(2, a.count());
        assertEquals(3, a.rows());
        assertEquals(4, a.cols());
        assertArrayEquals(pixels, a.pixels());
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(new int[] {0, 9, 255},
                IdxReader.readLabels(new ByteArrayInputStream(gzip(idxLabels(new int[] {0, 9, 255}))), "labels"));
    }

    @Test
    void truncatedDataIsReportedWithTheDeclaredAndActualSizes() throws Exception {
        byte[] full = idxImages(10, 28, 28, new byte[10 * 784]);
        DataFormatException e = readImagesFailure(Arrays.copyOf(full, 16 + 1000));
        assertEquals("/data/x-images.gz: truncated: header declares 10 images of 28x28 (7840 bytes) but only 1000 bytes follow",
                e.getMessage());
    }

    @Test
    void bytesBeyondTheDeclaredDataAreASizeMismatch() throws Exception {
        byte[] full = idxImages(2, 28, 28, new byte[3 * 784]);
        assertEquals("/data/x-images.gz: size mismatch: header declares 2 images of 28x28 (1568 bytes) but 2352 bytes follow",
                readImagesFailure(full).getMessage());
        assertEquals("/data/x-images.gz: size mismatch: header declares 2 images of 28x28 (1568 bytes) but 2352 bytes follow",
                readImagesFailure(gzip(full)).getMessage());
    }

    @Test
    void truncatedGzipStreamIsReported() throws Exception {
        byte[] gz = gzip(idxImages(10, 28, 28, new byte[10 * 784]));
        DataFormatException e = readImagesFailure(Arrays.copyOf(gz, gz.length / 2));
        assertTrue(e.getMessage().startsWith("/data/x-images.gz: truncated gzip stream"), e.getMessage());
    }

    @Test
    void wrongMagicIsReported() throws Exception {
        assertEquals("/data/x-images.gz: expected an IDX file of 3 dimensions (images: count, rows, columns), found 1"
                + " (magic 0x00000801)", readImagesFailure(idxLabels(new int[] {1, 2})).getMessage());
        assertEquals("/data/x-images.gz: not an IDX file (magic 0x68656c6c)",
                readImagesFailure("hello, world".getBytes()).getMessage());
        // gzipped twice: after one gunzip the content starts with the gzip magic again
        assertEquals("/data/x-images.gz: not an IDX file (magic 0x1f8b0800)",
                readImagesFailure(gzip(gzip(idxImages(1, 1, 1, new byte[1])))).getMessage());
        byte[] floats = idxImages(1, 1, 1, new byte[1]);
        floats[2] = 0x0d;
        assertTrue(readImagesFailure(floats).getMessage().contains("IDX element type 0x0d is not supported"));
        DataFormatException empty = readImagesFailure(new byte[0]);
        assertEquals("/data/x-images.gz: empty or truncated before the IDX header", empty.getMessage());
        assertEquals("/data/x-images.gz: truncated inside the IDX header",
                readImagesFailure(Arrays.copyOf(idxImages(1, 1, 1, new byte[1]), 9)).getMessage());
    }

    @Test
    void corruptGzipIsReported() throws Exception {
        byte[] gz = gzip(idxImages(10, 28, 28, new byte[10 * 784]));
        for (int i = 20; i < 40; i++) {
            gz[i] ^= 0x5a;
        }
        DataFormatException e = readImagesFailure(gz);
        assertTrue(e.getMessage().startsWith("/data/x-images.gz: corrupt gzip stream"), e.getMessage());
    }

    @Test
    void gzipChecksumIsVerifiedByReadingToTheEnd() throws Exception {
        byte[] gz = gzip(idxImages(10, 28, 28, new byte[10 * 784]));
        gz[gz.length - 8] ^= 1; // CRC-32 in the trailer: the deflate data itself is intact
        DataFormatException e = readImagesFailure(gz);
        assertTrue(e.getMessage().startsWith("/data/x-images.gz: corrupt gzip stream"), e.getMessage());
    }

    @Test
    void mismatchedLabelCountAndMissingFilesNameTheFile() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(3, 2, 2, new byte[12])));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(new int[] {1, 2})));
        DataFormatException count = assertThrows(DataFormatException.class, () -> Datasets.readIdxPair(
                FileSource.local(dir), "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 10));
        assertTrue(count.getMessage().contains("2 labels for 3 images"), count.getMessage());
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(new int[] {1, 10, 2})));
        DataFormatException range = assertThrows(DataFormatException.class, () -> Datasets.readIdxPair(
                FileSource.local(dir), "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 10));
        assertEquals(dir.resolve("train-labels-idx1-ubyte.gz") + ": label 10 of example 1 is outside [0, 10)",
                range.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class, () -> Datasets.read(
                DatasetName.FASHION_MNIST, FileSource.local(dir), 0, 0));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte.gz") || missing.getMessage().contains("labels"),
                missing.getMessage());
        DataFormatException noDir = assertThrows(DataFormatException.class,
                () -> Datasets.locate(DatasetName.FASHION_MNIST, DataLocation.noDownload(dir.resolve("nope")), x -> { }));
        assertTrue(noDir.getMessage().contains("nope: data directory does not exist"), noDir.getMessage());
    }

    @Test
    void realFashionMnistHasTheKnownShapeAndBalance() {
        RealData.fashionMnist();
        TrainTest data = Datasets.fashionMnist(0, 0);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        assertEquals("1x28x28", data.train().shape().toString());
        int[] perClass = new int[10];
        for (int l : data.train().labels()) {
            perClass[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, perClass[c], "class " + c);
        }
        // Fashion-MNIST's published pixel mean and std (scaled to [0, 1]) are about 0.286 and 0.353
        assertEquals(0.286, data.train().stats().mean()[0], 0.001);
        assertEquals(0.353, data.train().stats().std()[0], 0.001);
        assertEquals(data.train().stats().mean()[0], data.test().stats().mean()[0], "test uses train statistics");
    }
}
