package org.splitfuse.core.data;

import java.util.List;
import java.util.Locale;

/** The data sets splitfuse reads: their files, format, classes and where a system package puts them. */
public enum DatasetName {
    FASHION_MNIST("fashion-mnist", Format.IDX, 10,
            List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
            List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), "/usr/share/datasets/fashion-mnist"),
    MNIST("mnist", Format.IDX, 10, FASHION_MNIST.trainFiles, FASHION_MNIST.testFiles, "/usr/share/datasets/mnist"),
    CIFAR10("cifar10", Format.CIFAR, 10,
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
            List.of("test_batch.bin"), null),
    CIFAR100("cifar100", Format.CIFAR, 100, List.of("train.bin"), List.of("test.bin"), null);

    public enum Format { IDX, CIFAR }

    /** Fashion-MNIST's official mirror. */
    public static final String FASHION_MNIST_MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    private final String id;
    private final Format format;
    private final int numClasses;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final String systemDir;

    DatasetName(String id, Format format, int numClasses, List<String> trainFiles, List<String> testFiles,
                String systemDir) {
        this.id = id;
        this.format = format;
        this.numClasses = numClasses;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.systemDir = systemDir;
    }

    public String id() {
        return id;
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
     * SHA-256 of each file's decompressed content, for verifying downloads (computed from the
     * Debian package's files, which hold the original data re-compressed); null when no download.
     */
    public String contentSha256(String file) {
        if (this != FASHION_MNIST) {
            return null;
        }
        return switch (file) {
            case "train-images-idx3-ubyte.gz" -> "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888";
            case "train-labels-idx1-ubyte.gz" -> "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9";
            case "t10k-images-idx3-ubyte.gz" -> "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b";
            case "t10k-labels-idx1-ubyte.gz" -> "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34";
            default -> null;
        };
    }

    /** CIFAR-100 records carry a coarse and a fine label byte. */
    int labelBytes() {
        return this == CIFAR100 ? 2 : 1;
    }

    public static DatasetName parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        for (DatasetName d : values()) {
            if (d.id.equals(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; known: fashion-mnist, mnist, cifar10, cifar100");
    }
}
