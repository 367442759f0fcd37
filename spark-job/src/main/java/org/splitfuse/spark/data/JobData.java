package org.splitfuse.spark.data;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.splitfuse.core.data.DataFormatException;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.FileSource;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.config.Locations;

/**
 * How to get a run's data, small enough to travel with every task: the driver and each executor
 * read the data set themselves from the one location the driver resolved ({@link #locate}; any
 * Hadoop URI), once per JVM, and cut the same shards ({@link RunRules}). The driver reads the
 * training and the test set, an executor only the training set. Only models and settings cross
 * the network.
 */
public final class JobData implements Serializable {

    private static final Map<String, Loaded> CACHE = new HashMap<>();

    private final JobConfig.Data data;
    private final JobConfig.Split split;
    private final JobConfig.Model model;

    /** @param test null when only the training set was read (an executor) */
    private record Loaded(LabeledImages train, LabeledImages test, LabeledImages[] shards) {
    }

    /** @param config a config whose data.dir is the resolved location ({@link Locations#resolve}) */
    public JobData(JobConfig config) {
        if (config.data().dir().isEmpty()) {
            throw new IllegalStateException("JobData needs a config with its locations resolved (Locations.resolve)");
        }
        this.data = config.data();
        this.split = config.split();
        this.model = config.model();
    }

    /**
     * Where the data is, as an absolute URI, resolved on the driver: data.dir qualified (it must
     * exist), or else the data set's default places (system package, download cache, a verified
     * download into the cache), as a file: URI.
     */
    public static String locate(JobConfig.Data data, Configuration conf, Consumer<String> log) {
        DatasetName name = name(data);
        if (!data.dir().isEmpty()) {
            String uri = Locations.qualify("data.dir", data.dir(), conf);
            HadoopFileSource.of(uri, conf); // fails here, on the driver, when it does not exist
            return uri;
        }
        Path cache = Path.of(data.cacheDir().replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
        Path dir = Datasets.locateDirectory(name, new DataLocation(null, cache, data.download(), data.mirror()),
                line -> log.accept("splitfuse: " + line));
        try {
            return FileSystem.getLocal(conf).makeQualified(new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toString()))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The driver's read: training and test set (once per JVM); checks that the split is possible. */
    public TrainTest load(Consumer<String> log) {
        Loaded l = loaded(true, log);
        return new TrainTest(l.train(), l.test());
    }

    public int shardCount() {
        return split.shards();
    }

    /** Shard {@code k}: on an executor, from its own read of the training set. */
    public LabeledImages shard(int k) {
        return loaded(false, null).shards()[k];
    }

    /** The union of the given shards, in shard order. */
    public LabeledImages part(int[] shards) {
        return RunRules.union(this::shard, shards);
    }

    /** The model every task builds (each part's seed follows the run's rules). */
    public ModelSpec modelSpec() {
        LabeledImages train = loaded(false, null).train();
        return new ModelSpec(model.family(), train.shape(), train.numClasses(), model.width(), model.seed());
    }

    /** The data as report.json shows it (the driver's read). */
    public Map<String, Object> describe() {
        Loaded l = loaded(true, line -> { });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", data.dir());
        m.put("train_examples", l.train().size());
        m.put("test_examples", l.test().size());
        m.put("input_shape", l.train().shape().toString());
        m.put("classes", l.train().numClasses());
        m.put("channel_mean", l.train().stats().mean());
        m.put("channel_std", l.train().stats().std());
        List<Integer> sizes = new ArrayList<>();
        for (LabeledImages s : l.shards()) {
            sizes.add(s.size());
        }
        m.put("shard_sizes", sizes);
        return m;
    }

    /** @param log null on an executor, which logs its own line */
    private Loaded loaded(boolean withTest, Consumer<String> log) {
        String key = data + "|" + split;
        synchronized (CACHE) {
            Loaded l = CACHE.get(key);
            // a JVM that holds the training set already (the driver, in local mode) never reads it again
            if (l == null || (withTest && l.test() == null)) {
                l = read(withTest, log);
                CACHE.put(key, l);
            }
            return l;
        }
    }

    private Loaded read(boolean withTest, Consumer<String> log) {
        DatasetName name = name(data);
        FileSource files = files(data.dir());
        LabeledImages train;
        LabeledImages test = null;
        if (withTest) {
            TrainTest d = Datasets.read(name, files, data.trainLimit(), data.testLimit());
            train = d.train();
            test = d.test();
            log.accept("splitfuse: " + name.id() + " from " + data.dir() + ": " + train.size() + " training, "
                    + test.size() + " test examples");
        } else {
            train = Datasets.readTrain(name, files, data.trainLimit());
            System.out.println("splitfuse: executor " + host() + ": " + name.id() + " train set from " + data.dir() + ": "
                    + train.size() + " examples");
        }
        if (split.shards() > train.size()) {
            throw new ConfigError("config key 'split.shards': " + split.shards() + " shards but only "
                    + train.size() + " training examples");
        }
        if (withTest && train.size() < (long) split.shards() * train.numClasses()) {
            // it runs, but a shard without an example of every class trains a model of little use
            log.accept("splitfuse: warning: split.shards=" + split.shards() + " leaves " + train.size() / split.shards()
                    + " training example(s) per shard, fewer than the " + train.numClasses()
                    + " classes: each shard's model learns little (use fewer shards or more data)");
        }
        return new Loaded(train, test, split.rule().cut(train).toArray(new LabeledImages[0]));
    }

    /** A file: URI is read directly, any other through the Hadoop FileSystem API. */
    private static FileSource files(String uri) {
        URI parsed = new org.apache.hadoop.fs.Path(uri).toUri();
        if (parsed.getScheme() == null || parsed.getScheme().equals("file")) {
            Path dir = Path.of(parsed.getPath());
            if (!Files.isDirectory(dir)) {
                throw new DataFormatException(uri, "data directory does not exist on " + host());
            }
            return FileSource.local(dir);
        }
        return HadoopFileSource.of(uri);
    }

    private static DatasetName name(JobConfig.Data data) {
        try {
            return DatasetName.parse(data.name());
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key 'data.name': " + e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
