package org.splitfuse.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.splitfuse.core.model.InputShape;

/** Finds and reads the data sets; the only place that knows where data lives by default. */
public final class Datasets {

    private Datasets() {
    }

    /** Fashion-MNIST from its default places (see {@link #locate}). */
    public static TrainTest fashionMnist(int trainLimit, int testLimit) {
        return read(DatasetName.FASHION_MNIST, locate(DatasetName.FASHION_MNIST, null), trainLimit, testLimit);
    }

    /**
     * The directory to read: the configured one (which must exist), else the system package's.
     *
     * @param configured a local directory, or null for the default places
     */
    public static FileSource locate(DatasetName name, Path configured) {
        if (configured != null) {
            if (!Files.isDirectory(configured)) {
                throw new DataFormatException(configured.toString(), "data directory does not exist");
            }
            return FileSource.local(configured);
        }
        Path system = Path.of(name.systemDir());
        if (Files.isDirectory(system)) {
            return FileSource.local(system);
        }
        throw new DataFormatException(name.id(), "not found in " + system + "; install it (Debian: apt-get install "
                + "dataset-" + name.id() + ") or set data.dir");
    }

    /** Reads train and test sets; normalises both with the training set's per-channel statistics. */
    public static TrainTest read(DatasetName name, FileSource source, int trainLimit, int testLimit) {
        try {
            LabeledImages train = readIdxPair(source, name.files().get(0), name.files().get(1), 10).head(trainLimit);
            LabeledImages test = readIdxPair(source, name.files().get(2), name.files().get(3), 10).head(testLimit);
            ChannelStats stats = ChannelStats.of(train);
            return new TrainTest(train.withStats(stats), test.withStats(stats));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LabeledImages readIdxPair(FileSource source, String imagesFile, String labelsFile, int numClasses)
            throws IOException {
        IdxReader.Images images;
        try (InputStream in = open(source, imagesFile)) {
            images = IdxReader.readImages(in, source.describe(imagesFile));
        }
        int[] labels;
        try (InputStream in = open(source, labelsFile)) {
            labels = IdxReader.readLabels(in, source.describe(labelsFile));
        }
        if (labels.length != images.count()) {
            throw new DataFormatException(source.describe(labelsFile), labels.length + " labels for "
                    + images.count() + " images in " + imagesFile);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new DataFormatException(source.describe(labelsFile), "label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        InputShape shape = InputShape.of(1, images.rows(), images.cols());
        return new LabeledImages(images.pixels(), labels, shape, numClasses, ChannelStats.identity(1));
    }

    private static InputStream open(FileSource source, String file) throws IOException {
        if (!source.exists(file)) {
            throw new DataFormatException(source.describe(file), "file is missing");
        }
        return source.open(file);
    }
}
