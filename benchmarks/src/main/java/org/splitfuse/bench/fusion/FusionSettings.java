package org.splitfuse.bench.fusion;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.spark.config.ConfigError;
import org.splitfuse.spark.config.Settings;

/** The fusion benchmark's configuration (fusion-reference.conf documents every key). */
record FusionSettings(DatasetName data, Path dataDir, int trainLimit, int testLimit, List<ModelFamily> models,
                      double width, List<Integer> ks, List<String> shards, double alpha, int activationSamples,
                      Path checkpointDir, int epochs, int batchSize, OptimizerSpec optimizer, long seed, Path outputDir) {

    static FusionSettings from(Config c) {
        Settings s = new Settings(c);
        String dir = s.string("data.dir");
        List<Integer> ks = c.getIntList("ks");
        for (int k : ks) {
            if (k < 2) {
                throw new ConfigError("config key 'ks': fusion needs at least 2 models, got " + k);
            }
        }
        List<String> shards = c.getStringList("shards");
        for (String kind : shards) {
            if (!kind.equals("iid") && !kind.equals("skew")) {
                throw new ConfigError("config key 'shards': unknown kind '" + kind + "'; known: iid, skew");
            }
        }
        return new FusionSettings(
                s.choice("data.name", DatasetName::parse),
                dir.isEmpty() ? null : Path.of(dir),
                s.intAtLeast("data.train-limit", 0),
                s.intAtLeast("data.test-limit", 0),
                c.getStringList("models").stream().map(ModelFamily::parse).toList(),
                s.doubleIn("width", 0, 4, false),
                ks,
                shards,
                s.doubleIn("alpha", 0, 1e6, false),
                s.intAtLeast("activation-samples", 1),
                Path.of(s.string("checkpoint-dir")),
                s.intAtLeast("train.epochs", 1),
                s.intAtLeast("train.batch-size", 1),
                ConfigVerb.sgd(s),
                s.longValue("train.seed"),
                Path.of(s.string("output-dir")));
    }
}
