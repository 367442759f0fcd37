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

    /** Parses "CxHxW", e.g. 3x32x32. */
    public static InputShape parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 3) {
                return new InputShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("input shape must be CxHxW (e.g. 3x32x32), got '" + text + "'");
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
