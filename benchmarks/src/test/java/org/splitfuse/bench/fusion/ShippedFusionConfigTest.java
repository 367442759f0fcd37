package org.splitfuse.bench.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.config.LayeredConfig;
import org.splitfuse.core.model.ModelFamily;

/** configs/fusion.conf, which only fusion-bench reads, loads and says what its comment says. */
class ShippedFusionConfigTest {

    @Test
    void theShippedConfigLoadsWithItsPerModelEpochs() {
        FusionSettings s = FusionSettings.from(LayeredConfig.load("fusion-reference.conf", "fusion",
                Path.of("..", "configs", "fusion.conf").toFile(), List.of()));
        assertEquals(List.of(ModelFamily.SMALL_CNN, ModelFamily.VGG11_BN, ModelFamily.RESNET18), s.models());
        assertEquals(List.of(2, 4), s.ks());
        assertEquals(List.of(1L, 101L), s.seeds(), "two sets of shard models, no initialisation shared");
        assertTrue(s.seeds().get(1) - s.seeds().get(0) >= s.ks().stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertEquals(5, s.epochs(ModelFamily.VGG11_BN));
        assertEquals(2, s.epochs(ModelFamily.RESNET18));
    }
}
