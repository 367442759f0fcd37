package org.splitfuse.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The architectures of the paper's experiments, plus two small ones for quick runs. */
public enum ModelFamily {
    MLP("mlp"),
    SMALL_CNN("small-cnn"),
    VGG11_BN("vgg11-bn"),
    RESNET18("resnet18");

    private final String id;

    ModelFamily(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ModelFamily parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ModelFamily f : values()) {
            if (f.id.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; known: "
                + Arrays.stream(values()).map(ModelFamily::id).collect(Collectors.joining(", ")));
    }
}
