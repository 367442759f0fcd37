package org.splitfuse.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.fuse.AlignmentKind;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.train.OptimizerSpec;

class PlanProgressTest {

    private static final OptimizerSpec SGD = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.01, 0.9, 5e-4, 0, 1);

    private static PlanSpec spec(PlanKind kind, int steps, int tuneRounds) {
        return new PlanSpec(kind, 4, new PruneSpec(PruneMethod.of(PruneMethod.Kind.DEFAULT,
                IntraFusionOptions.MergeMode.PAPER, PruneMethod.Preset.PROJECT), "l1", 0.5, steps, 1), new TuneSpec(tuneRounds, 1, SGD),
                new FusionSpec(AlignmentKind.WEIGHT, 1, 0), new TuneSpec(1, 1, SGD));
    }

    private static List<String> names(PlanSpec spec) {
        return PlanProgress.outline(spec, 2, 1000).stream().map(PlanProgress.Planned::name).toList();
    }

    @Test
    void theOutlineNamesTheStagesThePlanRunnerRecords() {
        assertEquals(List.of("train", "prune-each", "fuse", "tune-fused"), names(spec(PlanKind.PAF, 1, 1)));
        assertEquals(List.of("train", "fuse", "tune-fused", "prune", "tune"), names(spec(PlanKind.FAP, 1, 1)));
        assertEquals(List.of("train", "prune"), names(spec(PlanKind.WHOLE_DATA, 1, 0)));
        assertEquals(List.of("train", "prune-1", "tune-1", "prune-2", "tune-2"), names(spec(PlanKind.SYNC_DP, 2, 1)));
    }

    @Test
    void theEtaScalesTheSecondsPerExampleSoFarToTheWorkLeft() {
        long[] now = {0};
        // PaF over 2 shards of 500: train 4 epochs x 500 = 2000 examples, prune-each 500, fuse 0, tune-fused 500
        PlanProgress p = new PlanProgress(PlanProgress.outline(spec(PlanKind.PAF, 1, 1), 2, 1000), () -> now[0]);
        assertEquals("[plan] stage 1 of 4 (train), elapsed 0s, overall ETA unknown until train ends", p.starting("train"));
        now[0] = 200_000_000_000L; // 200 s for 2000 examples: 0.1 s each, 1000 left
        assertEquals("[plan] stage 2 of 4 (prune-each), elapsed 3m20s, overall ETA 1m40s", p.starting("prune-each"));
        now[0] = 250_000_000_000L;
        assertEquals("[plan] stage 3 of 4 (fuse), elapsed 4m10s, overall ETA 50s", p.starting("fuse"));
        assertThrows(IllegalStateException.class, () -> p.starting("train"), "stages come in order");
    }
}
