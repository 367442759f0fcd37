package org.splitfuse.core.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * glibc's malloc_trim(0): returns the free memory of malloc's arenas to the system. Without it,
 * buffers that ND4J has freed stay resident (fragmented arenas are rarely trimmed on their own).
 * A fixed MALLOC_MMAP_THRESHOLD_ achieves the same but halved training throughput in the Spark
 * job (every large allocation becomes an mmap); this costs one call per collection. On a C
 * library without malloc_trim it does nothing.
 */
final class NativeHeap {

    private static final Function MALLOC_TRIM = lookup();

    private NativeHeap() {
    }

    /** Returns whether memory was trimmed. */
    static boolean trim() {
        return MALLOC_TRIM != null && MALLOC_TRIM.invokeInt(new Object[] {0}) == 1;
    }

    static boolean available() {
        return MALLOC_TRIM != null;
    }

    private static Function lookup() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
