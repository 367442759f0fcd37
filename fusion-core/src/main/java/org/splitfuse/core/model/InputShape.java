package org.splitfuse.core.model;

import java.io.Serializable;

/** Shape of one input example in NCHW order, without the batch dimension. */
public record InputShape(int channels, int height, int width) implements Serializable {

    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    public static InputShape of(int channels, int height, int width) {
        return new InputShape(channels, height, width);
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
