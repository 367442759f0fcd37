package org.splitfuse.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.FileSource;
import org.splitfuse.core.data.Sharding;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.spark.config.ConfigError;
import org.splitfuse.spark.config.JobConfig;

/** The data of a run on the driver: the test set, and the training set cut into shards. */
final class PreparedData {

    private final TrainTest data;
    private final List<ShardInput> shards;
    private final String source;

    private PreparedData(TrainTest data, List<ShardInput> shards, String source) {
        this.data = data;
        this.shards = shards;
        this.source = source;
    }

    static PreparedData load(JobConfig config, Consumer<String> log) {
        JobConfig.Data d = config.data();
        DatasetName name;
        try {
            name = DatasetName.parse(d.name());
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key 'data.name': " + e.getMessage());
        }
        FileSource files = source(name, d, log);
        TrainTest data = Datasets.read(name, files, d.trainLimit(), d.testLimit());
        log.accept("splitfuse: " + name.id() + " from " + files.describe("") + ": " + data.train().size()
                + " training, " + data.test().size() + " test examples");

        JobConfig.Split s = config.split();
        int[][] indices = s.kind() == JobConfig.ShardKind.IID
                ? Sharding.iid(data.train().size(), s.shards(), s.seed())
                : Sharding.labelSkewed(data.train().labels(), data.train().numClasses(), s.shards(), s.alpha(), s.seed());
        ModelSpec spec = new ModelSpec(config.model().family(), data.train().shape(), data.train().numClasses(),
                config.model().width(), config.model().seed());
        List<ShardInput> shards = new ArrayList<>();
        for (int k = 0; k < indices.length; k++) {
            shards.add(new ShardInput(k, data.train().subset(indices[k]), spec));
        }
        return new PreparedData(data, shards, files.describe(""));
    }

    /** A local directory, or any Hadoop FileSystem URI (hdfs://, s3a://, ...). */
    private static FileSource source(DatasetName name, JobConfig.Data d, Consumer<String> log) {
        String dir = d.dir();
        Path cache = Path.of(d.cacheDir().replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
        Path configured = null;
        if (!dir.isEmpty()) {
            URI uri = URI.create(dir.replace(" ", "%20"));
            if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
                return HadoopFileSource.of(dir);
            }
            configured = uri.getScheme() == null ? Path.of(dir) : Path.of(uri);
        }
        return Datasets.locate(name, new DataLocation(configured, cache, d.download(), d.mirror()),
                line -> log.accept("splitfuse: " + line));
    }

    List<ShardInput> shards() {
        return shards;
    }

    long trainSize() {
        return data.train().size();
    }

    DataSetIterator testIterator(int batchSize) {
        return data.test().orderedIterator(batchSize);
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("train_examples", data.train().size());
        m.put("test_examples", data.test().size());
        m.put("input_shape", data.train().shape().toString());
        m.put("classes", data.train().numClasses());
        m.put("channel_mean", data.train().stats().mean());
        m.put("channel_std", data.train().stats().std());
        List<Integer> sizes = new ArrayList<>();
        for (ShardInput s : shards) {
            sizes.add(s.data().size());
        }
        m.put("shard_sizes", sizes);
        return m;
    }

}
