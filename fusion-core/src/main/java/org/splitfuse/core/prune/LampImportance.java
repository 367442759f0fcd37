package org.splitfuse.core.prune;

import java.util.Arrays;
import java.util.Comparator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;

/**
 * LAMP (Lee et al., 2021) on the group's squared-L2 channel magnitudes: a channel's score is its
 * magnitude divided by the sum of the magnitudes of all channels at least as large, which makes
 * scores of different layers comparable in a global ranking.
 */
public final class LampImportance implements Importance {

    @Override
    public double[] score(ComputationGraph net, ChannelGroup group) {
        return lamp(ChannelReductions.magnitude(net, group, ChannelReductions.Norm.L2_SQUARED));
    }

    static double[] lamp(double[] magnitude) {
        Integer[] ascending = new Integer[magnitude.length];
        Arrays.setAll(ascending, i -> i);
        Arrays.sort(ascending, Comparator.comparingDouble(i -> magnitude[i]));
        double[] out = new double[magnitude.length];
        double tail = 0;
        for (int k = ascending.length - 1; k >= 0; k--) {
            int c = ascending[k];
            tail += magnitude[c];
            out[c] = tail > 0 ? magnitude[c] / tail : 0;
        }
        return out;
    }

    @Override
    public String name() {
        return "lamp";
    }
}
