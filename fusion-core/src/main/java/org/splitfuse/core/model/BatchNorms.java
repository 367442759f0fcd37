package org.splitfuse.core.model;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;

/**
 * The one place that decides which BatchNorm implementation the zoo uses. Running variance is
 * stored as such (not DL4J's default log10 of the standard deviation), so that PyTorch's
 * running_var maps to a parameter bit for bit and BatchNorm folding reads it directly.
 */
final class BatchNorms {

    private BatchNorms() {
    }

    static org.deeplearning4j.nn.conf.layers.Layer layer() {
        return new BatchNormalization.Builder().eps(1e-5).decay(0.9).useLogStd(false).build();
    }
}
