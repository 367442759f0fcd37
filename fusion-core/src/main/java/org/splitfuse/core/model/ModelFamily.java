package org.splitfuse.core.model;

import org.splitfuse.core.config.EnumNames;

/** The architectures of the paper's experiments, plus two small ones for quick runs. */
public enum ModelFamily {
    MLP,
    SMALL_CNN,
    VGG11_BN,
    RESNET18;

    /** As configs and file names spell it: mlp, small-cnn, vgg11-bn, resnet18. */
    public String id() {
        return EnumNames.id(this);
    }

    public static ModelFamily parse(String name) {
        return EnumNames.parse(ModelFamily.class, "model", name);
    }
}
