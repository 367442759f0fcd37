package org.splitfuse.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.plan.PlanKind;

/** Every job config shipped in configs/ loads (one named for a plan runs that plan), and the Split-Data comparison configs differ only in the plan. */
class ShippedConfigsTest {

    private static final Path CONFIGS = Path.of("..", "configs");
    /** Benchmark configs read by other verbs, not by the job. */
    private static final List<String> NOT_JOB_CONFIGS = List.of("data-free.conf", "fusion.conf");

    private static JobConfig load(String name) {
        return ConfigLoader.load(CONFIGS.resolve(name).toFile(), List.of());
    }

    @Test
    void everyJobConfigLoads() throws Exception {
        try (Stream<Path> files = Files.list(CONFIGS)) {
            List<Path> configs = files.filter(p -> p.toString().endsWith(".conf"))
                    .filter(p -> !NOT_JOB_CONFIGS.contains(p.getFileName().toString())).toList();
            assertTrue(configs.size() >= 8, configs.toString());
            for (Path p : configs) {
                JobConfig c = ConfigLoader.load(p.toFile(), List.of()); // a bad key or value throws
                String name = p.getFileName().toString();
                for (PlanKind kind : PlanKind.values()) {
                    if (name.startsWith(kind.id() + "-") || name.equals(kind.id() + ".conf")) {
                        assertEquals(kind, c.plan().kind(), name + " is named for a plan it does not run");
                    }
                }
            }
        }
    }

    @Test
    void theComparisonConfigsShareEverythingButThePlan() {
        JobConfig paf = load("paf-fashion-mnist.conf");
        for (String name : List.of("fap-fashion-mnist.conf", "whole-data.conf", "sync-dp.conf", "sync-dp-gs.conf",
                "sync-dp-f1.conf", "kfold.conf")) {
            JobConfig other = load(name);
            assertEquals(paf.model(), other.model(), name);
            assertEquals(paf.train(), other.train(), name);
            assertEquals(paf.plan().prune(), other.plan().prune(), name);
            assertEquals(paf.plan().afterPrune(), other.plan().afterPrune(), name);
            assertEquals(paf.plan().afterFusion(), other.plan().afterFusion(), name);
        }
        assertEquals(PlanKind.PAF, paf.plan().kind());
        assertEquals(ModelFamily.VGG11_BN, paf.model().family());
        assertEquals(0.5, paf.plan().prune().sparsity());
        assertEquals(PlanKind.SYNC_DP, load("sync-dp.conf").plan().kind());
        assertEquals(JobConfig.SyncMaster.PARAMETER_AVERAGING, load("sync-dp.conf").plan().syncMaster());
        assertEquals(PlanKind.SYNC_DP, load("sync-dp-gs.conf").plan().kind());
        assertEquals(JobConfig.SyncMaster.GRADIENT_SHARING, load("sync-dp-gs.conf").plan().syncMaster());
        assertEquals(4, load("kfold.conf").split().shards());
        assertEquals(1, load("sync-dp-f1.conf").plan().averagingFrequency());
        // the fast PaF differs from the comparison's only in its fine-tune rounds
        JobConfig fast = load("paf-fast.conf");
        assertEquals(paf.model(), fast.model());
        assertEquals(paf.train(), fast.train());
        assertEquals(paf.plan().prune(), fast.plan().prune());
        assertEquals(List.of(1, 4), List.of(fast.plan().afterPrune().rounds(), fast.plan().afterFusion().rounds()));
        assertEquals(paf.plan().afterPrune().optimizer(), fast.plan().afterPrune().optimizer());
    }
}
