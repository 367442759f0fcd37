package org.splitfuse.spark.data;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.FileSource;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.spark.config.ConfigError;
import org.splitfuse.spark.config.JobConfig;

/**
 * How to get a run's data, small enough to travel with every task: the driver and each executor
 * read the data set themselves (through the Hadoop FileSystem API when data.dir is a URI), once
 * per JVM, and cut the same deterministic shards. Only models and settings cross the network.
 */
public final class JobData implements Serializable {

    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

    private final JobConfig.Data data;
    private final JobConfig.Split split;
    private final JobConfig.Model model;

    private record Loaded(TrainTest data, LabeledImages[] shards, String source) {
    }

    public JobData(JobConfig config) {
        this.data = config.data();
        this.split = config.split();
        this.model = config.model();
    }

    /** Reads the data set (once per JVM) and checks that the split is possible. */
    public TrainTest load(Consumer<String> log) {
        return loaded(log).data();
    }

    public int shardCount() {
        return split.shards();
    }

    public LabeledImages shard(int k) {
        return loaded(line -> { }).shards()[k];
    }

    /** The union of the given shards, in shard order. */
    public LabeledImages part(int[] shards) {
        return RunRules.union(this::shard, shards);
    }

    /** The model every task builds (seeds are set per task). */
    public ModelSpec modelSpec() {
        TrainTest d = load(line -> { });
        return new ModelSpec(model.family(), d.train().shape(), d.train().numClasses(), model.width(), model.seed());
    }

    public Map<String, Object> describe() {
        Loaded l = loaded(line -> { });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", l.source());
        m.put("train_examples", l.data().train().size());
        m.put("test_examples", l.data().test().size());
        m.put("input_shape", l.data().train().shape().toString());
        m.put("classes", l.data().train().numClasses());
        m.put("channel_mean", l.data().train().stats().mean());
        m.put("channel_std", l.data().train().stats().std());
        List<Integer> sizes = new ArrayList<>();
        for (LabeledImages s : l.shards()) {
            sizes.add(s.size());
        }
        m.put("shard_sizes", sizes);
        return m;
    }

    private Loaded loaded(Consumer<String> log) {
        String key = data + "|" + split;
        Loaded l = CACHE.get(key);
        if (l == null) {
            synchronized (CACHE) {
                l = CACHE.computeIfAbsent(key, k -> read(log));
            }
        }
        return l;
    }

    private Loaded read(Consumer<String> log) {
        DatasetName name;
        try {
            name = DatasetName.parse(data.name());
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key 'data.name': " + e.getMessage());
        }
        FileSource files = source(name, log);
        TrainTest d = Datasets.read(name, files, data.trainLimit(), data.testLimit());
        log.accept("splitfuse: " + name.id() + " from " + files.describe("") + ": " + d.train().size()
                + " training, " + d.test().size() + " test examples");
        if (split.shards() > d.train().size()) {
            throw new ConfigError("config key 'split.shards': " + split.shards() + " shards but only "
                    + d.train().size() + " training examples");
        }
        LabeledImages[] shards = split.rule().cut(d.train()).toArray(new LabeledImages[0]);
        return new Loaded(d, shards, files.describe(""));
    }

    /** A local directory, or any Hadoop FileSystem URI (hdfs://, s3a://, ...). */
    private FileSource source(DatasetName name, Consumer<String> log) {
        String dir = data.dir();
        Path cache = Path.of(data.cacheDir().replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
        Path configured = null;
        if (!dir.isEmpty()) {
            URI uri = URI.create(dir.replace(" ", "%20"));
            if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
                return HadoopFileSource.of(dir);
            }
            configured = uri.getScheme() == null ? Path.of(dir) : Path.of(uri);
        }
        return Datasets.locate(name, new DataLocation(configured, cache, data.download(), data.mirror()),
                line -> log.accept("splitfuse: " + line));
    }
}
