package org.splitfuse.core.model;

/**
 * Turns on DL4J's native layer helpers (oneDNN on the CPU backend), which DL4J 1.0.0-M2.1 leaves
 * off unless the system property {@value #PROPERTY} is "false". Called before any network is
 * built or loaded; a user who sets the property explicitly (e.g. -D{@value #PROPERTY}=true) wins.
 * See docs/performance.md.
 */
public final class NativeHelpers {

    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private NativeHelpers() {
    }

    public static void enable() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }

    /** True when DL4J will create oneDNN helpers for new layers. */
    public static boolean oneDnnActive() {
        return !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
                && org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled();
    }
}
