package org.splitfuse.core.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.surgery.BatchNormFolding;

class PruneMethodTest {

    @Test
    void paperCodePresetIsThePublishedOptionSet() {
        PruneMethod m = PruneMethod.of(PruneMethod.Kind.INTRA_FUSION, IntraFusionOptions.MergeMode.PAPER,
                PruneMethod.Preset.PAPER_CODE);
        assertEquals(IntraFusionOptions.paperCode(), m.intraFusionOptions());
        // and, as the published code, several groups are pruned in turn
        assertTrue(m.mapSource().groupsInTurn());
        assertEquals(IntraFusionOptions.paperCode(), ((IntraFusion) ((ChannelMapSource.InTurn) m.mapSource()).maps()).options());
        PruneMethod project = PruneMethod.intraFusion(IntraFusionOptions.MergeMode.PRESERVING);
        assertFalse(project.mapSource().groupsInTurn());
        assertEquals(IntraFusionOptions.defaults().withMode(IntraFusionOptions.MergeMode.PRESERVING),
                project.intraFusionOptions());
    }

    @Test
    void defaultPruningFoldsBeforeRankingOnlyUnderPaperCode() {
        assertFalse(PruneMethod.named("default").foldBeforeRanking());
        PruneMethod paper = PruneMethod.named("default@paper-code");
        assertTrue(paper.foldBeforeRanking());
        assertEquals(BatchNormFolding.Variant.PAPER_CODE, paper.folding());
        assertInstanceOf(KeepMostImportant.class, ((ChannelMapSource.InTurn) paper.mapSource()).maps());
        assertInstanceOf(KeepMostImportant.class, PruneMethod.named("default").mapSource());
    }

    @Test
    void explicitOptionsOverrideThePreset() {
        PruneMethod m = PruneMethod.named("if-preserving@paper-code")
                .withOverrides(Optional.of(true), Optional.empty());
        assertTrue(m.bias());
        assertEquals(BatchNormFolding.Variant.PAPER_CODE, m.folding());
        assertEquals(IntraFusionOptions.MergeMode.PRESERVING, m.mode());
        assertEquals(Optional.empty(), PruneMethod.parseBiasOverride("preset"));
        assertEquals(Optional.empty(), PruneMethod.parseModeOverride("preset"));
        assertEquals(Optional.of(IntraFusionOptions.MergeMode.RESCALED), PruneMethod.parseModeOverride("rescaled"));
        assertEquals(IntraFusionOptions.MergeMode.PAPER, PruneMethod.presetMode(PruneMethod.Preset.PAPER_CODE));
        assertEquals(IntraFusionOptions.MergeMode.RESCALED, PruneMethod.presetMode(PruneMethod.Preset.PROJECT));
        assertEquals(IntraFusionOptions.MergeMode.RESCALED, IntraFusionOptions.defaults().mode());
        assertEquals(IntraFusionOptions.MergeMode.PAPER, IntraFusionOptions.paperCode().mode());
        assertEquals(Optional.of(BatchNormFolding.Variant.EXACT), PruneMethod.parseFoldingOverride("exact"));
    }

    @Test
    void unknownNamesSayWhatIsKnown() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruneMethod.named("if-best")).getMessage()
                .contains("if-paper@paper-code"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruneMethod.parsePreset("paper")).getMessage()
                .contains("project, paper-code"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruneMethod.parseKind("fuse")).getMessage()
                .contains("intra-fusion, default"));
    }
}
