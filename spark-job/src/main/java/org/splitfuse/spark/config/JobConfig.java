package org.splitfuse.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.fuse.AlignmentKind;
import org.splitfuse.core.model.Fingerprint;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.plan.FusionSpec;
import org.splitfuse.core.plan.PlanKind;
import org.splitfuse.core.plan.PlanSpec;
import org.splitfuse.core.plan.PruneSpec;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.plan.SplitRule;
import org.splitfuse.core.plan.TaskLog;
import org.splitfuse.core.plan.TuneSpec;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.train.OptimizerSettings;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * The job's whole configuration, validated and immutable once read.
 *
 * @param fingerprint {@link Fingerprint} of the config as given, without its output, report and debug
 *                    sections: two runs with the same fingerprint compute the same thing (a sweep
 *                    reruns a cell only when it changed; report.json records it)
 */
public record JobConfig(Data data, Split split, Model model, Train train, Plan plan, Output output, Report report,
                        Debug debug, SparkSettings spark, String rendered, String fingerprint) implements Serializable {

    public record Data(String name, String dir, boolean download, String cacheDir, String mirror, int trainLimit,
                       int testLimit)
            implements Serializable {
    }

    public record Split(int shards, SplitRule.Kind kind, double alpha, long seed) implements Serializable {
        public SplitRule rule() {
            return new SplitRule(kind, shards, alpha, seed);
        }
    }

    /** @param seed the base initialisation seed; each part's seed follows {@link RunRules#model} */
    public record Model(ModelFamily family, double width, long seed, RunRules.ModelInit init) implements Serializable {
    }

    public record Train(int epochs, int batchSize, OptimizerSpec optimizer, long shuffleSeed,
                        Duration progressInterval) implements Serializable {
    }

    /**
     * How the driver gets from the trained models to one pruned model (fusion-core plan).
     *
     * @param syncMaster      plan sync-dp: which dl4j-spark training master trains the one model
     * @param gradientSharing plan sync-dp with syncMaster gradient-sharing: its transport and threshold
     */
    public record Plan(PlanKind kind, PruneSpec prune, FusionSpec fusion, TuneSpec afterPrune, TuneSpec afterFusion,
                       int averagingFrequency, SyncMaster syncMaster, GradientSharing gradientSharing)
            implements Serializable {
    }

    /** sync-dp.master: dl4j-spark's two synchronous training masters. */
    public enum SyncMaster {
        /** ParameterAveragingTrainingMaster: parameters and updater state averaged every N minibatches */
        PARAMETER_AVERAGING,
        /** SharedTrainingMaster (dl4j-spark-parameterserver): threshold-encoded gradients over Aeron UDP */
        GRADIENT_SHARING
    }

    /**
     * sync-dp.gradient-sharing: SharedTrainingMaster's Aeron UDP transport and its threshold.
     *
     * @param controllerAddress the driver's address the workers send to; "" = spark.driver.host
     * @param port              the driver's UDP port
     * @param workerPort        every worker's UDP port, on its own address; 0 = a free port each
     * @param networkMask       the workers' own addresses are picked from this mask (e.g. 10.213.0.0/16);
     *                          "" = the DL4J_VOID_IP environment variable, else 127.0.0.1
     * @param threshold         initial threshold of the AdaptiveThresholdAlgorithm
     */
    public record GradientSharing(String controllerAddress, int port, int workerPort, String networkMask,
                                  double threshold)
            implements Serializable {
    }

    /** The rules every runtime follows for this config, with {@code threads} native threads per task. */
    public RunRules rules(int threads) {
        return new RunRules(split.rule(), model.init(), train.shuffleSeed(), threads);
    }

    /**
     * This config with its locations resolved (absolute, qualified URIs; see {@link Locations}):
     * what the tasks get, and what report.json records as the effective config.
     */
    public JobConfig withLocations(String outputUri, String checkpoints, String dataDir) {
        Config c = ConfigFactory.parseString(rendered)
                .withValue("output.uri", ConfigValueFactory.fromAnyRef(outputUri))
                .withValue("output.checkpoints", ConfigValueFactory.fromAnyRef(checkpoints))
                .withValue("data.dir", ConfigValueFactory.fromAnyRef(dataDir));
        return new JobConfig(new Data(data.name(), dataDir, data.download(), data.cacheDir(), data.mirror(),
                data.trainLimit(), data.testLimit()), split, model, train, plan,
                new Output(outputUri, output.overwrite(), checkpoints), report, debug, spark, render(c), fingerprint);
    }

    private static String render(Config c) {
        return c.root().render(ConfigRenderOptions.concise().setFormatted(false));
    }

    /** What the tasks print with: {@code out}, and progress lines every train.progress-interval. */
    public TaskLog taskLog(Consumer<String> out) {
        return new TaskLog(out, train.progressInterval());
    }

    /** The plan as fusion-core runs it: the training epochs come from the train section. */
    public PlanSpec planSpec() {
        return new PlanSpec(plan.kind(), train.epochs(), plan.prune(), plan.afterPrune(), plan.fusion(), plan.afterFusion());
    }

    /**
     * @param uri         the output directory; {time} already replaced
     * @param checkpoints URI of the model checkpoints, "" for none, "auto" beside the output (see {@link Locations})
     */
    public record Output(String uri, boolean overwrite, String checkpoints) implements Serializable {
    }

    /**
     * What report.json holds beyond the per-stage figures.
     *
     * @param curve evaluate the current model after every fine-tune round and sync-dp epoch (the curve's
     *              fine points; their time is counted in no stage)
     */
    public record Report(boolean curve) implements Serializable {
    }

    public record Debug(boolean failFirstTrainingTask, boolean failBeforeCommit) implements Serializable {
    }

    /** @param taskThreads native threads per task; 0 = auto (see exec.TaskThreads) */
    public record SparkSettings(String master, String appName, int taskThreads) implements Serializable {
    }

    static JobConfig from(Config c) {
        Settings s = new Settings(c);
        Data data = new Data(
                s.string("data.name").trim().toLowerCase(Locale.ROOT),
                s.string("data.dir").trim(),
                s.bool("data.download"),
                s.string("data.cache-dir"),
                s.string("data.mirror"),
                s.intAtLeast("data.train-limit", 0),
                s.intAtLeast("data.test-limit", 0));
        Split split = new Split(
                s.intAtLeast("split.shards", 1),
                s.choice("split.kind", SplitRule.Kind.class),
                s.doubleIn("split.alpha", 0, Double.MAX_VALUE, false),
                s.longValue("split.seed"));
        Model model = new Model(
                s.choice("model.family", ModelFamily::parse),
                s.doubleIn("model.width", 0, 64, false),
                s.longValue("model.seed"),
                s.choice("model.init", RunRules.ModelInit.class));
        OptimizerSpec optimizer = OptimizerSettings.read(s, "train");
        Train train = new Train(
                s.intAtLeast("train.epochs", 1),
                s.intAtLeast("train.batch-size", 1),
                optimizer,
                s.longValue("train.shuffle-seed"),
                progressInterval(s));
        Plan plan = plan(s);
        if (plan.kind() == PlanKind.KFOLD && (split.shards() < 2 || split.shards() % 2 != 0)) {
            throw new ConfigError("config key 'split.shards': plan kfold needs an even number of shards >= 2, got "
                    + split.shards());
        }
        String uri = s.string("output.uri").trim();
        if (uri.isEmpty()) {
            throw new ConfigError("config key 'output.uri' must not be empty");
        }
        // {time} makes a fresh directory per run, so a second run does not collide with the first
        uri = uri.replace("{time}", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Output output = new Output(uri, s.bool("output.overwrite"), s.string("output.checkpoints").trim());
        Report report = new Report(s.bool("report.curve"));
        Debug debug = new Debug(s.bool("debug.fail-first-training-task"), s.bool("debug.fail-before-commit"));
        SparkSettings spark = new SparkSettings(s.string("spark.master").trim(), s.string("spark.app-name"),
                s.intAtLeast("spark.task-threads", 0));
        String rendered = render(c);
        // what is reported and how it is written out does not change what a run computes
        String fingerprint = Fingerprint.of(render(c.withoutPath("output").withoutPath("report").withoutPath("debug")));
        return new JobConfig(data, split, model, train, plan, output, report, debug, spark, rendered, fingerprint);
    }

    private static Duration progressInterval(Settings s) {
        Duration d = s.duration("train.progress-interval");
        if (d.isNegative()) {
            throw new ConfigError("config key 'train.progress-interval' must be >= 0, got " + s.string("train.progress-interval"));
        }
        return d;
    }

    /** measured or least-squares; batchnorm is a pruning goal (a fused network's BatchNorms are folded). */
    private static ActivationRepair.Target fusionRepairTarget(Settings s) {
        ActivationRepair.Target target = s.choice("fusion.repair-target", ActivationRepair.Target.class);
        if (target == ActivationRepair.Target.BATCHNORM) {
            throw new ConfigError("config key 'fusion.repair-target' must be measured or least-squares, got batchnorm "
                    + "(a pruning goal: a fused network's BatchNorms are folded)");
        }
        return target;
    }

    private static Plan plan(Settings s) {
        PlanKind kind = s.choice("plan.kind", PlanKind::parse);
        PruneMethod.Preset preset = s.choice("prune.preset", PruneMethod::parsePreset);
        PruneMethod method = PruneMethod.of(s.choice("prune.method", PruneMethod::parseKind),
                s.choice("prune.mode", PruneMethod::parseModeOverride).orElse(PruneMethod.presetMode(preset)), preset)
                .withOverrides(s.choice("prune.intra-fusion.bias", PruneMethod::parseBiasOverride),
                        s.choice("prune.intra-fusion.folding", PruneMethod::parseFoldingOverride));
        PruneSpec prune = section("prune", () -> new PruneSpec(
                method,
                s.choice("prune.importance", v -> {
                    if (!Importances.NAMES.contains(v)) {
                        throw new IllegalArgumentException("unknown importance '" + v + "'; known: "
                                + String.join(", ", Importances.NAMES));
                    }
                    return v;
                }),
                s.doubleIn("prune.sparsity", 0, 1, true, false),
                s.intAtLeast("prune.steps", 1),
                s.longValue("prune.seed"),
                s.intAtLeast("prune.repair-samples", 0),
                s.choice("prune.repair-target", ActivationRepair.Target.class)));
        FusionSpec fusion = new FusionSpec(
                s.choice("fusion.kind", AlignmentKind.class),
                s.intAtLeast("fusion.activation-samples", 1),
                s.intAtLeast("fusion.repair-samples", 0),
                s.intAtLeast("fusion.mean-rounds", 0),
                fusionRepairTarget(s));
        OptimizerSpec tuneOptimizer = OptimizerSettings.read(s, "tune");
        TuneSpec afterPrune = new TuneSpec(s.intAtLeast("tune.after-prune.rounds", 0),
                s.intAtLeast("tune.after-prune.epochs-per-round", 1), tuneOptimizer);
        TuneSpec afterFusion = new TuneSpec(s.intAtLeast("tune.after-fusion.rounds", 0),
                s.intAtLeast("tune.after-fusion.epochs-per-round", 1), tuneOptimizer);
        GradientSharing gradientSharing = new GradientSharing(
                s.string("sync-dp.gradient-sharing.controller-address").trim(),
                port(s, "sync-dp.gradient-sharing.port", 1),
                port(s, "sync-dp.gradient-sharing.worker-port", 0),
                s.string("sync-dp.gradient-sharing.network-mask").trim(),
                s.doubleIn("sync-dp.gradient-sharing.threshold", 0, 1, false));
        return new Plan(kind, prune, fusion, afterPrune, afterFusion, s.intAtLeast("sync-dp.averaging-frequency", 1),
                s.choice("sync-dp.master", SyncMaster.class), gradientSharing);
    }

    private static int port(Settings s, String key, int min) {
        int port = s.intAtLeast(key, min);
        if (port > 65535) {
            throw new ConfigError("config key '" + key + "' must be a port, " + min + " to 65535, got " + port);
        }
        return port;
    }

    /** Cross-key checks of a section become a ConfigError naming the section. */
    private static <T> T section(String name, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config section '" + name + "': " + e.getMessage(), e);
        }
    }
}
