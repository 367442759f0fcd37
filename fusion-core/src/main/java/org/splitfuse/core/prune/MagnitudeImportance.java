package org.splitfuse.core.prune;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;

/**
 * Weight magnitude of each channel over every slice of the group (producer out-channels, consumer
 * in-channels, BatchNorm gamma), averaged over the slices and divided by its mean. L2 uses the
 * sum of squares, as Torch-Pruning does.
 */
public final class MagnitudeImportance implements Importance {

    private final ChannelReductions.Norm norm;
    private final String name;

    private MagnitudeImportance(ChannelReductions.Norm norm, String name) {
        this.norm = norm;
        this.name = name;
    }

    public static MagnitudeImportance l1() {
        return new MagnitudeImportance(ChannelReductions.Norm.L1, "l1");
    }

    public static MagnitudeImportance l2() {
        return new MagnitudeImportance(ChannelReductions.Norm.L2_SQUARED, "l2");
    }

    public static MagnitudeImportance lInfinity() {
        return new MagnitudeImportance(ChannelReductions.Norm.MAX_ABS, "linf");
    }

    @Override
    public double[] score(ComputationGraph net, ChannelGroup group) {
        return ChannelReductions.normaliseByMean(ChannelReductions.magnitude(net, group, norm));
    }

    @Override
    public String name() {
        return name;
    }
}
