package org.splitfuse.core.model;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;

/** The one place that decides which BatchNorm implementation the zoo uses. */
final class BatchNorms {

    private BatchNorms() {
    }

    static org.deeplearning4j.nn.conf.layers.Layer layer() {
        return new BatchNormalization.Builder().eps(1e-5).decay(0.9).build();
    }
}
