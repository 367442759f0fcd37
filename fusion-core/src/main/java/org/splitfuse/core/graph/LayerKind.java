package org.splitfuse.core.graph;

/** What a vertex does to the channels of the tensor it reads: the only distinction pruning needs. */
public enum LayerKind {
    /** A network input: its channels are never pruned. */
    INPUT,
    /** Convolution: writes a new channel space (out-channels), reads its input's in-channels. */
    CONVOLUTION,
    /** Dense layer: like a convolution; after a flatten one input channel is H*W inputs. */
    DENSE,
    /** The classifier: reads channels, writes the classes, which are never pruned. */
    OUTPUT,
    /** BatchNormalization: per-channel parameters on the tensor it reads. */
    BATCH_NORM,
    /** Activation, pooling, global pooling, dropout: channels pass through unchanged. */
    PASS_THROUGH,
    /** Element-wise vertex (residual add): couples the channels of all its inputs. */
    ELEMENT_WISE,
    /** Merge vertex: concatenates its inputs' channels. */
    CONCAT
}
