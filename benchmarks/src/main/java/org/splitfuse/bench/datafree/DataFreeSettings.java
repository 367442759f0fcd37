package org.splitfuse.bench.datafree;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.train.OptimizerSettings;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;

/**
 * The data-free benchmark's configuration (data-free-reference.conf documents every key); each of
 * {@code seeds} is one independently trained checkpoint per model.
 */
record DataFreeSettings(DatasetName data, Path dataDir, int trainLimit, int testLimit, int evalLimit, List<ModelFamily> models, double width,
                        Path checkpointDir, int epochs, int batchSize, OptimizerSpec optimizer, List<Long> seeds,
                        double minAccuracy, String importance, List<Double> sparsities,
                        List<Double> allGroupsSparsities, List<String> methods, int repairSamples, int logitExamples,
                        Path outputDir) {

    static final List<String> KNOWN_METHODS = org.splitfuse.core.prune.PruneMethod.SHORT_NAMES;

    /**
     * Method suffixes that prune with data (HOCON allows '-' unquoted, not '+' or '@'): REPAIR toward the
     * original's measured statistics, BatchNorm re-estimation, or the least-squares refit.
     */
    static final Map<String, ActivationRepair.Target> REPAIR_SUFFIXES = Map.of(
            "-repair", ActivationRepair.Target.MEASURED, "-bn", ActivationRepair.Target.BATCHNORM,
            "-ls", ActivationRepair.Target.LEAST_SQUARES);

    /** The method without its repair suffix (a name of {@link #KNOWN_METHODS}). */
    static String base(String method) {
        for (String suffix : REPAIR_SUFFIXES.keySet()) {
            if (method.endsWith(suffix)) {
                return method.substring(0, method.length() - suffix.length());
            }
        }
        return method;
    }

    /** The repair a method name asks for, or null for a data-free method. */
    static ActivationRepair.Target repair(String method) {
        for (Map.Entry<String, ActivationRepair.Target> e : REPAIR_SUFFIXES.entrySet()) {
            if (method.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    static DataFreeSettings from(Config c) {
        Settings s = new Settings(c);
        String dir = s.string("data.dir");
        List<String> methods = c.getStringList("methods");
        for (String m : methods) {
            if (!KNOWN_METHODS.contains(base(m))) {
                throw new ConfigError("config key 'methods': unknown method '" + m + "'; known: " + KNOWN_METHODS
                        + ", each optionally followed by " + String.join(" or ", REPAIR_SUFFIXES.keySet().stream().sorted().toList())
                        + " (pruning with data)");
            }
        }
        return new DataFreeSettings(
                s.choice("data.name", DatasetName::parse),
                dir.isEmpty() ? null : Path.of(dir),
                s.intAtLeast("data.train-limit", 0),
                s.intAtLeast("data.test-limit", 0),
                s.intAtLeast("data.eval-limit", 0),
                ConfigVerb.each(c, "models", ModelFamily::parse),
                s.doubleIn("width", 0, 4, false),
                Path.of(s.string("checkpoint-dir")),
                s.intAtLeast("train.epochs", 1),
                s.intAtLeast("train.batch-size", 1),
                OptimizerSettings.read(s, "train"),
                ConfigVerb.seeds(c, "train.seeds"),
                s.doubleIn("train.min-accuracy", 0, 1, true),
                s.string("importance"),
                fractions(c, "sparsities"),
                fractions(c, "all-groups-sparsities"),
                methods,
                s.intAtLeast("repair-samples", 2),
                s.intAtLeast("logit-examples", 1),
                Path.of(s.string("output-dir")));
    }

    private static List<Double> fractions(Config c, String key) {
        List<Double> values = c.getDoubleList(key);
        for (double v : values) {
            if (!(v >= 0 && v < 1)) {
                throw new ConfigError("config key '" + key + "': sparsities must be in [0, 1), got " + v);
            }
        }
        return values;
    }
}
