package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RealDataTest {

    @Test
    void aMissingDataSetSkipsOnADevelopersMachineAndFailsUnderCi(@TempDir Path dir) {
        Path missing = dir.resolve("fashion-mnist");
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> RealData.require(missing, "dataset-fashion-mnist", Map.of()));
        assertTrue(skipped.getMessage().contains(missing + " is missing"), skipped.getMessage());
        assertTrue(skipped.getMessage().contains("apt-get install dataset-fashion-mnist"), skipped.getMessage());
        assertThrows(TestAbortedException.class, () -> RealData.require(missing, "x", Map.of("CI", "false")));
        for (String ci : new String[] {"true", "TRUE", "1"}) {
            AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                    () -> RealData.require(missing, "dataset-fashion-mnist", Map.of("CI", ci)));
            assertTrue(failed.getMessage().contains("a skipped real-data test fails the run"), failed.getMessage());
        }
    }

    @Test
    void aPresentDataSetIsReturnedWhateverTheEnvironment(@TempDir Path dir) {
        assertEquals(dir, RealData.require(dir, "x", Map.of("CI", "true")));
        assertEquals(dir, RealData.require(dir, "x", Map.of()));
    }
}
