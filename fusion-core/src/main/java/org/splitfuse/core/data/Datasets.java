package org.splitfuse.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.splitfuse.core.model.InputShape;

/** Finds and reads the data sets; the only place that knows where data lives by default. */
public final class Datasets {

    private Datasets() {
    }

    /** Fashion-MNIST from its default places, without downloading (see {@link #locate}). */
    public static TrainTest fashionMnist(int trainLimit, int testLimit) {
        return read(DatasetName.FASHION_MNIST, locate(DatasetName.FASHION_MNIST, DataLocation.noDownload(null), s -> { }),
                trainLimit, testLimit);
    }

    /**
     * The directory to read, in this order: the configured one (which must exist; never a
     * download), the system package's, the download cache when it holds every file, and last a
     * download into the cache with checksum verification (when allowed and the data set has one).
     */
    public static FileSource locate(DatasetName name, DataLocation where, Consumer<String> log) {
        return FileSource.local(locateDirectory(name, where, log));
    }

    /** The directory {@link #locate} reads (downloading into it first when that is the way). */
    public static Path locateDirectory(DatasetName name, DataLocation where, Consumer<String> log) {
        return directory(name, where, name.systemDir() == null ? null : Path.of(name.systemDir()), log);
    }

    /** {@link #locate(DatasetName, DataLocation, Consumer)} with the system directory given (tests). */
    static FileSource locate(DatasetName name, DataLocation where, Path systemDir, Consumer<String> log) {
        return FileSource.local(directory(name, where, systemDir, log));
    }

    private static Path directory(DatasetName name, DataLocation where, Path systemDir, Consumer<String> log) {
        if (where.configured() != null) {
            if (!Files.isDirectory(where.configured())) {
                throw new DataFormatException(where.configured().toString(), "data directory does not exist");
            }
            return where.configured();
        }
        if (systemDir != null && Files.isDirectory(systemDir)) {
            return systemDir;
        }
        Path cache = where.cacheDir() == null ? null : where.cacheDir().resolve(name.id());
        List<String> files = new ArrayList<>(name.trainFiles());
        files.addAll(name.testFiles());
        if (cache != null && files.stream().allMatch(f -> Files.isRegularFile(cache.resolve(f)))) {
            return cache;
        }
        boolean downloadable = files.stream().allMatch(f -> name.publishedMd5(f) != null);
        if (where.download() && downloadable && cache != null) {
            Downloader downloader = new Downloader(where.mirror(), log);
            try {
                for (String f : files) {
                    downloader.fetch(f, name.publishedMd5(f), cache);
                }
            } catch (IOException e) {
                throw new DataFormatException(name.id(), "download from " + where.mirror() + " failed: " + e.getMessage()
                        + "; instead " + (systemDir != null ? "install it (Debian: apt-get install dataset-" + name.id() + ") or " : "")
                        + "set " + where.setting() + " to a directory with " + String.join(", ", files), e);
            }
            return cache;
        }
        String hint = systemDir != null
                ? "install it (Debian: apt-get install dataset-" + name.id() + ")" + (downloadable ? ", allow the download" : "")
                + " or set " + where.setting()
                : "set " + where.setting() + " to the directory with " + String.join(", ", files);
        List<String> looked = new ArrayList<>();
        if (systemDir != null) {
            looked.add(systemDir.toString());
        }
        if (cache != null) {
            looked.add(cache.toString());
        }
        throw new DataFormatException(name.id(), "not found" + (looked.isEmpty() ? "" : " in " + String.join(" or ", looked))
                + "; " + hint);
    }

    /** Reads train and test sets; normalises both with the training set's per-channel statistics. */
    public static TrainTest read(DatasetName name, FileSource source, int trainLimit, int testLimit) {
        LabeledImages train = readTrain(name, source, trainLimit);
        try {
            LabeledImages test = readSplit(name, source, name.testFiles()).head(testLimit);
            return new TrainTest(train, test.withStats(train.stats()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the training set only (what a Spark executor needs), normalised with its own
     * per-channel statistics: the same images and numbers as {@link #read}'s training set.
     */
    public static LabeledImages readTrain(DatasetName name, FileSource source, int trainLimit) {
        try {
            LabeledImages train = readSplit(name, source, name.trainFiles()).head(trainLimit);
            return train.withStats(ChannelStats.of(train));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LabeledImages readSplit(DatasetName name, FileSource source, List<String> files)
            throws IOException {
        if (name.format() == DatasetName.Format.IDX) {
            return readIdxPair(source, files.get(0), files.get(1), name.numClasses());
        }
        CifarReader reader = new CifarReader(name);
        for (String file : files) {
            try (InputStream in = open(source, file)) {
                reader.read(in, source.describe(file));
            }
        }
        return reader.images();
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
