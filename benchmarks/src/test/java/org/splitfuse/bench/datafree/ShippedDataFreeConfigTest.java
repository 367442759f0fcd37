package org.splitfuse.bench.datafree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.config.LayeredConfig;
import org.splitfuse.core.model.ModelFamily;

/** configs/data-free.conf, which only data-free-bench reads, loads and says what its comment says. */
class ShippedDataFreeConfigTest {

    @Test
    void theShippedConfigLoadsWithItsSchedule() {
        DataFreeSettings s = DataFreeSettings.from(LayeredConfig.load("data-free-reference.conf", "data-free",
                Path.of("..", "configs", "data-free.conf").toFile(), List.of()));
        assertEquals(List.of(ModelFamily.VGG11_BN, ModelFamily.RESNET18), s.models());
        assertEquals(0.25, s.width());
        assertEquals(List.of(1L, 2L), s.seeds(), "two checkpoints per model");
        assertEquals(8, s.epochs());
        assertEquals(3, s.optimizer().decayEvery());
        assertEquals(0.2, s.optimizer().decayFactor());
    }
}
