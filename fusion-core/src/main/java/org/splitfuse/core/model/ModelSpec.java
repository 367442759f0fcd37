package org.splitfuse.core.model;

import java.io.Serializable;

/**
 * Everything that fixes a model's architecture and initial weights.
 *
 * @param width channel (or hidden unit) multiplier; 1.0 is the paper's size
 * @param seed  weight initialisation seed: the same spec gives the same initial bits
 */
public record ModelSpec(ModelFamily family, InputShape input, int numClasses, double width, long seed)
        implements Serializable {

    public ModelSpec {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width multiplier must be > 0, got " + width);
        }
    }

    /** Scales a channel count by the width multiplier, never below one channel. */
    public int scaled(int channels) {
        return Math.max(1, (int) Math.round(channels * width));
    }

    public ModelSpec withSeed(long newSeed) {
        return new ModelSpec(family, input, numClasses, width, newSeed);
    }
}
