package org.splitfuse.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.data.ChannelStats;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.plan.PruneSpec;
import org.splitfuse.core.plan.ShardSteps;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private File file(String text) throws Exception {
        Path p = dir.resolve("job.conf");
        Files.writeString(p, text);
        return p.toFile();
    }

    @Test
    void defaultsComeFromReferenceConf() {
        JobConfig c = ConfigLoader.load(null, List.of());
        assertEquals("fashion-mnist", c.data().name());
        assertEquals(2, c.split().shards());
        assertEquals(ModelFamily.SMALL_CNN, c.model().family());
        assertEquals(0.05, c.train().optimizer().learningRate());
    }

    @Test
    void reportCurveIsOffByDefaultAndLeavesTheFingerprintAlone() {
        JobConfig off = ConfigLoader.load(null, List.of());
        JobConfig on = ConfigLoader.load(null, List.of("report.curve=true"));
        assertEquals(false, off.report().curve());
        assertEquals(true, on.report().curve());
        assertEquals(off.fingerprint(), on.fingerprint(), "the curve is reporting: the run computes the same");
        ConfigError wrong = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("report.curve=often")));
        assertTrue(wrong.getMessage().contains("report.curve"), wrong.getMessage());
        ConfigError unknown = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("report.curves=true")));
        assertTrue(unknown.getMessage().contains("report.curve"), unknown.getMessage());
    }

    @Test
    void fusionMeanRoundsReachThePlan() {
        assertEquals(0, ConfigLoader.load(null, List.of()).plan().fusion().meanRounds(), "fusion into the first model by default");
        assertEquals(3, ConfigLoader.load(null, List.of("fusion.mean-rounds=3")).plan().fusion().meanRounds());
        ConfigError negative = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("fusion.mean-rounds=-1")));
        assertEquals("config key 'fusion.mean-rounds' must be >= 0, got -1", negative.getMessage());
    }

    /** The progress lines (not the epoch-end ones) of one epoch of 4 steps trained with the tasks' log of {@code c}. */
    private static long progressLines(JobConfig c) {
        InputShape shape = InputShape.of(1, 4, 4);
        int n = 64;
        byte[] pixels = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            pixels[i * 16 + labels[i]] = (byte) 200;
        }
        LabeledImages data = new LabeledImages(pixels, labels, shape, 2, ChannelStats.identity(1));
        List<String> lines = new ArrayList<>();
        ShardSteps.train(new ModelSpec(ModelFamily.MLP, shape, 2, 0.25, 1), c.rules(1), 0, c.train().optimizer(), data, 1,
                16, c.taskLog(lines::add));
        return lines.stream().filter(l -> l.contains(" step ")).count();
    }

    @Test
    void progressIntervalSetsHowOftenTrainingPrintsProgress() {
        assertEquals(4, progressLines(ConfigLoader.load(null, List.of("train.progress-interval=0s"))));
        assertEquals(0, progressLines(ConfigLoader.load(null, List.of("train.progress-interval=1h"))));
        ConfigError negative = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(null, List.of("train.progress-interval=-1s")));
        assertEquals("config key 'train.progress-interval' must be >= 0, got -1s", negative.getMessage());
    }

    @Test
    void fileOverridesReferenceAndCommandLineOverridesFile() throws Exception {
        File f = file("split.shards = 4\ntrain { epochs = 5, batch-size = 64 }\n");
        JobConfig c = ConfigLoader.load(f, List.of("train.epochs=7", "splitfuse.model.family=vgg11-bn",
                "output.uri=file:///tmp/x y/run"));
        assertEquals(4, c.split().shards());
        assertEquals(7, c.train().epochs());
        assertEquals(64, c.train().batchSize());
        assertEquals(ModelFamily.VGG11_BN, c.model().family());
        assertEquals("file:///tmp/x y/run", c.output().uri());
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() throws Exception {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("train.epoch=3")));
        assertTrue(e.getMessage().contains("unknown config key: train.epoch"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'train.epochs'"), e.getMessage());
        ConfigError fromFile = assertThrows(ConfigError.class, () -> ConfigLoader.load(file("modell.width = 2"), List.of()));
        assertTrue(fromFile.getMessage().contains("modell.width"), fromFile.getMessage());
    }

    @Test
    void theMergeModeFollowsThePresetUnlessGiven() {
        org.splitfuse.core.prune.IntraFusionOptions.MergeMode rescaled = org.splitfuse.core.prune.IntraFusionOptions.MergeMode.RESCALED;
        org.splitfuse.core.prune.IntraFusionOptions.MergeMode paper = org.splitfuse.core.prune.IntraFusionOptions.MergeMode.PAPER;
        assertEquals(rescaled, ConfigLoader.load(null, List.of()).plan().prune().method().mode());
        assertEquals(paper, ConfigLoader.load(null, List.of("prune.preset=paper-code")).plan().prune().method().mode(),
                "the published code's preset merges as the published code does");
        assertEquals(org.splitfuse.core.prune.IntraFusionOptions.MergeMode.PRESERVING,
                ConfigLoader.load(null, List.of("prune.preset=paper-code", "prune.mode=preserving")).plan().prune().method().mode());
        assertEquals(paper, ConfigLoader.load(null, List.of("prune.mode=paper")).plan().prune().method().mode());
        ConfigError bad = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("prune.mode=sum")));
        assertTrue(bad.getMessage().contains("'prune.mode'") && bad.getMessage().contains("rescaled"), bad.getMessage());
    }

    @Test
    void pruneRepairKeysReachThePlansPruneSpec() {
        PruneSpec defaults = ConfigLoader.load(null, List.of()).plan().prune();
        assertEquals(500, defaults.repairSamples());
        assertEquals(ActivationRepair.Target.LEAST_SQUARES, defaults.repairTarget());
        PruneSpec set = ConfigLoader.load(null, List.of("prune.repair-samples=0", "prune.repair-target=batchnorm")).plan().prune();
        assertEquals(0, set.repairSamples());
        assertEquals(ActivationRepair.Target.BATCHNORM, set.repairTarget());
        ConfigError target = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("prune.repair-target=mean")));
        assertTrue(target.getMessage().contains("'prune.repair-target'") && target.getMessage().contains("measured, batchnorm"),
                target.getMessage());
        ConfigError one = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("prune.repair-samples=1")));
        assertTrue(one.getMessage().contains("at least 2 samples"), one.getMessage());
        ConfigError negative = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("prune.repair-samples=-5")));
        assertEquals("config key 'prune.repair-samples' must be >= 0, got -5", negative.getMessage());
    }

    @Test
    void fusionRepairTargetReachesThePlansFusionSpec() {
        assertEquals(ActivationRepair.Target.LEAST_SQUARES, ConfigLoader.load(null, List.of()).plan().fusion().repairTarget());
        assertEquals(ActivationRepair.Target.MEASURED, ConfigLoader.load(null, List.of("fusion.repair-target=measured"))
                .plan().fusion().repairTarget());
        ConfigError batchNorm = assertThrows(ConfigError.class,
                () -> ConfigLoader.load(null, List.of("fusion.repair-target=batchnorm")));
        assertTrue(batchNorm.getMessage().contains("'fusion.repair-target'"), batchNorm.getMessage());
    }

    @Test
    void wrongTypeNamesTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("train.epochs=many")));
        assertTrue(e.getMessage().contains("'train.epochs'") && e.getMessage().contains("wrong type"), e.getMessage());
    }

    @Test
    void outOfRangeValuesNameTheKeyAndValue() {
        ConfigError zeroShards = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("split.shards=0")));
        assertEquals("config key 'split.shards' must be >= 1, got 0", zeroShards.getMessage());
        ConfigError negativeEpochs = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("train.epochs=-1")));
        assertEquals("config key 'train.epochs' must be >= 1, got -1", negativeEpochs.getMessage());
        ConfigError model = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("model.family=alexnet")));
        assertTrue(model.getMessage().contains("unknown model 'alexnet'"), model.getMessage());
        ConfigError kind = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("split.kind=random")));
        assertEquals("config key 'split.kind': unknown value 'random'; known: iid, skew", kind.getMessage());
        assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("train.momentum=1.5")));
    }

    @Test
    void malformedInputsAreErrors() throws Exception {
        assertThrows(ConfigError.class, () -> ConfigLoader.load(new File(dir.toFile(), "missing.conf"), List.of()));
        assertThrows(ConfigError.class, () -> ConfigLoader.load(file("train { epochs = "), List.of()));
        assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("no-equals-sign")));
    }

    @Test
    void timePlaceholderInOutputUriIsExpandedOnce() {
        JobConfig c = ConfigLoader.load(null, List.of("output.uri=out/run-{time}"));
        assertTrue(c.output().uri().matches("out/run-\\d{8}-\\d{6}"), c.output().uri());
    }
}
