package org.splitfuse.core.train;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Returns the C heap's free memory to the system (glibc's malloc_trim), through the JVM's own
 * diagnostic command System.trim_native_heap (OpenJDK 17.0.9 and later): no JNI of our own.
 * With another allocator preloaded (jemalloc, tcmalloc) the command does nothing.
 */
public final class NativeHeap {

    private static volatile boolean unavailable;

    private NativeHeap() {
    }

    /** Trims; false when this JVM has no such command. */
    public static boolean trim() {
        if (unavailable) {
            return false;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return true;
        } catch (JMException | RuntimeException e) {
            unavailable = true;
            return false;
        }
    }
}
