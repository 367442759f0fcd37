package org.splitfuse.core.graph;

/**
 * The part of one vertex that belongs to a channel group.
 *
 * @param offset first channel of the group in this vertex's channel axis (non-zero after a concat)
 * @param block  consecutive entries per channel on that axis: H*W for the dense layer after a
 *               flatten (C-order), 1 everywhere else
 */
public record Slice(String vertex, Role role, int offset, int block) {

    public enum Role {
        /** Writes the group's channels: out-channels of the weight, and the bias. */
        PRODUCER,
        /** Per-channel parameters of a BatchNorm on the group's tensor. */
        NORM,
        /** Reads the group's channels: in-channels of the weight. */
        CONSUMER
    }

    public Slice {
        if (offset < 0 || block < 1) {
            throw new IllegalArgumentException("bad slice of " + vertex + ": offset " + offset + ", block " + block);
        }
    }
}
