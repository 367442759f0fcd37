package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    @TempDir
    Path dir;

    /** count records with label l = i % classes in byte labelBytes-1 and pixel value i in every byte. */
    private static byte[] records(int count, int labelBytes, int classes) {
        int record = labelBytes + CifarReader.PIXELS;
        byte[] out = new byte[count * record];
        for (int i = 0; i < count; i++) {
            out[i * record + labelBytes - 1] = (byte) (i % classes);
            if (labelBytes == 2) {
                out[i * record] = (byte) 19; // coarse label, ignored
            }
            java.util.Arrays.fill(out, i * record + labelBytes, (i + 1) * record, (byte) i);
        }
        return out;
    }

    @Test
    void readsCifar10BatchesAndTestSet() throws Exception {
        // 5 x 300 records: the training split crosses the reader's chunk boundary (1024 records)
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), records(300, 1, 10));
        }
        Files.write(dir.resolve("test_batch.bin"), records(3, 1, 10));
        TrainTest data = Datasets.read(DatasetName.CIFAR10, FileSource.local(dir), 0, 0);
        assertEquals(1500, data.train().size());
        assertEquals(3, data.test().size());
        assertEquals("3x32x32", data.train().shape().toString());
        assertEquals(3, data.train().label(3));
        assertEquals(3, data.train().stats().mean().length);
        for (int i : new int[] {0, 1023, 1024, 1100, 1499}) {
            int inFile = i % 300;
            assertEquals(inFile % 10, data.train().label(i), "label of record " + i);
            byte[] px = data.train().pixels();
            assertEquals((byte) inFile, px[i * CifarReader.PIXELS], "first pixel of record " + i);
            assertEquals((byte) inFile, px[(i + 1) * CifarReader.PIXELS - 1], "last pixel of record " + i);
        }
    }

    @Test
    void readsTheFineLabelOfCifar100() throws Exception {
        Files.write(dir.resolve("train.bin"), records(150, 2, 100));
        Files.write(dir.resolve("test.bin"), records(10, 2, 100));
        TrainTest data = Datasets.read(DatasetName.CIFAR100, FileSource.local(dir), 0, 0);
        assertEquals(150, data.train().size());
        assertEquals(100, data.train().numClasses());
        assertEquals(42, data.train().label(142));
    }

    @Test
    void truncatedAndOutOfRangeRecordsNameTheFile() throws Exception {
        byte[] good = records(2, 1, 10);
        Files.write(dir.resolve("test_batch.bin"), java.util.Arrays.copyOf(good, good.length - 5));
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), records(1, 1, 10));
        }
        DataFormatException cut = assertThrows(DataFormatException.class,
                () -> Datasets.read(DatasetName.CIFAR10, FileSource.local(dir), 0, 0));
        assertEquals(dir.resolve("test_batch.bin") + ": truncated: size 6141 is not a multiple of the 3073-byte cifar10"
                + " record (1 whole records, then 3068 bytes)", cut.getMessage());
        byte[] bad = records(2, 1, 10);
        bad[3073] = 10;
        Files.write(dir.resolve("data_batch_3.bin"), bad);
        DataFormatException label = assertThrows(DataFormatException.class,
                () -> Datasets.read(DatasetName.CIFAR10, FileSource.local(dir), 0, 0));
        assertEquals(dir.resolve("data_batch_3.bin") + ": record 1 has label 10, outside [0, 10)", label.getMessage());
        Files.write(dir.resolve("data_batch_3.bin"), new byte[0]);
        DataFormatException empty = assertThrows(DataFormatException.class,
                () -> Datasets.read(DatasetName.CIFAR10, FileSource.local(dir), 0, 0));
        assertEquals(dir.resolve("data_batch_3.bin") + ": file is empty", empty.getMessage());
        DataFormatException noDefault = assertThrows(DataFormatException.class,
                () -> Datasets.locate(DatasetName.CIFAR10, DataLocation.noDownload(null), s -> { }));
        assertTrue(noDefault.getMessage().contains("set data.dir"), noDefault.getMessage());
    }

    @Test
    void cifar100CoarseLabelsAreChecked() throws Exception {
        byte[] bad = records(3, 2, 100);
        bad[2 * (2 + CifarReader.PIXELS)] = 20;
        Files.write(dir.resolve("train.bin"), bad);
        Files.write(dir.resolve("test.bin"), records(1, 2, 100));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.read(DatasetName.CIFAR100, FileSource.local(dir), 0, 0));
        assertEquals(dir.resolve("train.bin") + ": record 2 has coarse label 20, outside [0, 20)", e.getMessage());
    }
}
