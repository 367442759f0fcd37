package org.splitfuse.core.data;

import java.util.List;
import java.util.Locale;

/** The data sets splitfuse reads, with their file names. */
public enum DatasetName {
    FASHION_MNIST("fashion-mnist", List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), "/usr/share/datasets/fashion-mnist"),
    MNIST("mnist", FASHION_MNIST.files, "/usr/share/datasets/mnist");

    private final String id;
    private final List<String> files;
    private final String systemDir;

    DatasetName(String id, List<String> files, String systemDir) {
        this.id = id;
        this.files = files;
        this.systemDir = systemDir;
    }

    public String id() {
        return id;
    }

    /** train images, train labels, test images, test labels. */
    public List<String> files() {
        return files;
    }

    /** Where a distribution package installs it. */
    public String systemDir() {
        return systemDir;
    }

    public static DatasetName parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (DatasetName d : values()) {
            if (d.id.equals(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; known: fashion-mnist, mnist");
    }
}
