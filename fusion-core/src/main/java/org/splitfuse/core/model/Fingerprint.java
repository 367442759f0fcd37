package org.splitfuse.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one fingerprint of the project: 16 hex digits of SHA-256 over the settings that determine a
 * result, joined with '|'. The job's checkpoint directories, a sweep cell's config and the
 * benchmarks' checkpoint files are named or compared by it, so a rerun with the same settings
 * finds what an earlier run made, and a changed setting never does.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(String... parts) {
        String key = String.join("|", parts);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The checkpoint file name of a trained model: a readable label (family, width, data), then the
     * fingerprint of everything that determines the model, e.g. {@code vgg11-bn-w0.25-fashion-mnist-1a2b....zip}.
     */
    public static String checkpointName(String label, String... determinedBy) {
        return label + "-" + of(determinedBy) + ".zip";
    }
}
