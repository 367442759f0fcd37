package org.splitfuse.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeHeapTest {

    /** The JVM's System.trim_native_heap command exists on the project's Java (17.0.9 and later). */
    @Test
    void trimReachesTheJvmsDiagnosticCommand() {
        assertTrue(NativeHeap.trim());
    }
}
