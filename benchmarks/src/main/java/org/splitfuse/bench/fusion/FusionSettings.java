package org.splitfuse.bench.fusion;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import com.typesafe.config.Config;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.train.OptimizerSettings;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;

/**
 * The fusion benchmark's configuration (fusion-reference.conf documents every key); each of
 * {@code seeds} trains its own set of shard models per cell.
 */
record FusionSettings(DatasetName data, Path dataDir, int trainLimit, int testLimit, List<ModelFamily> models,
                      double width, List<Integer> ks, List<String> shards, double alpha, int activationSamples,
                      int repairSamples, int meanRounds, Path checkpointDir, int epochs, Map<ModelFamily, Integer> modelEpochs,
                      int batchSize, OptimizerSpec optimizer, List<Long> seeds, Path outputDir) {

    /** Epochs for one model family: train.model-epochs.<model> if given, else train.epochs. */
    int epochs(ModelFamily family) {
        return modelEpochs.getOrDefault(family, epochs);
    }

    private static Map<ModelFamily, Integer> modelEpochs(Config c) {
        Map<ModelFamily, Integer> epochs = new EnumMap<>(ModelFamily.class);
        Config per = c.getConfig("train.model-epochs");
        for (String model : per.root().keySet()) {
            int e = per.getInt(model);
            if (e < 1) {
                throw new ConfigError("config key 'train.model-epochs." + model + "': must be at least 1, got " + e);
            }
            try {
                epochs.put(ModelFamily.parse(model), e);
            } catch (IllegalArgumentException bad) {
                throw new ConfigError("config key 'train.model-epochs." + model + "': " + bad.getMessage(), bad);
            }
        }
        return Map.copyOf(epochs);
    }

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
                ConfigVerb.each(c, "models", ModelFamily::parse),
                s.doubleIn("width", 0, 4, false),
                ks,
                shards,
                s.doubleIn("alpha", 0, 1e6, false),
                s.intAtLeast("activation-samples", 1),
                s.intAtLeast("repair-samples", 0),
                s.intAtLeast("mean-rounds", 0),
                Path.of(s.string("checkpoint-dir")),
                s.intAtLeast("train.epochs", 1),
                modelEpochs(c),
                s.intAtLeast("train.batch-size", 1),
                OptimizerSettings.read(s, "train"),
                ConfigVerb.seeds(c, "train.seeds"),
                Path.of(s.string("output-dir")));
    }
}
