package org.splitfuse.core.data;

import java.util.List;
import org.splitfuse.core.config.EnumNames;

/** The data sets splitfuse reads: their files, format, classes and where a system package puts them. */
public enum DatasetName {
    FASHION_MNIST(Format.IDX, 10,
            List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
            List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), "/usr/share/datasets/fashion-mnist"),
    MNIST(Format.IDX, 10, FASHION_MNIST.trainFiles, FASHION_MNIST.testFiles, null),
    CIFAR10(Format.CIFAR, 10,
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
            List.of("test_batch.bin"), null),
    CIFAR100(Format.CIFAR, 100, List.of("train.bin"), List.of("test.bin"), null);

    public enum Format { IDX, CIFAR }

    /** Fashion-MNIST's official mirror. */
    public static final String FASHION_MNIST_MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    private final Format format;
    private final int numClasses;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final String systemDir;

    DatasetName(Format format, int numClasses, List<String> trainFiles, List<String> testFiles,
                String systemDir) {
        this.format = format;
        this.numClasses = numClasses;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.systemDir = systemDir;
    }

    /** As configs and cache directories spell it: fashion-mnist, mnist, cifar10, cifar100. */
    public String id() {
        return EnumNames.id(this);
    }

    public Format format() {
        return format;
    }

    public int numClasses() {
        return numClasses;
    }

    /** IDX: images then labels; CIFAR: the batch files. */
    public List<String> trainFiles() {
        return trainFiles;
    }

    public List<String> testFiles() {
        return testFiles;
    }

    /** Where a distribution package installs it, or null. */
    public String systemDir() {
        return systemDir;
    }

    /**
     * The MD5 of each file as its publisher serves it (Zalando's fashion-mnist README), for
     * verifying downloads; null when the data set is not downloaded. The Debian package's files
     * differ from these only in their gzip header (name and time stripped): the compressed data is
     * the same bytes, which FashionMnistDownloadTest checks.
     */
    public String publishedMd5(String file) {
        if (this != FASHION_MNIST) {
            return null;
        }
        return switch (file) {
            case "train-images-idx3-ubyte.gz" -> "8d4fb7e6c68d591d4c3dfef9ec88bf0d";
            case "train-labels-idx1-ubyte.gz" -> "25c81989df183df01b3e8a0aad5dffbe";
            case "t10k-images-idx3-ubyte.gz" -> "bef4ecab320f06d8554ea6380940ec79";
            case "t10k-labels-idx1-ubyte.gz" -> "bb300cfdad3c16e7a12a480ee83cd310";
            default -> null;
        };
    }

    /** CIFAR-100 records carry a coarse and a fine label byte. */
    int labelBytes() {
        return this == CIFAR100 ? 2 : 1;
    }

    public static DatasetName parse(String name) {
        return EnumNames.parse(DatasetName.class, "data set", name);
    }
}
