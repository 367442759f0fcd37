package org.splitfuse.core.prune;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;

/** Uniform random scores, the same for the same seed, group and size: the sanity baseline. */
public final class RandomImportance implements Importance {

    private final long seed;

    public RandomImportance(long seed) {
        this.seed = seed;
    }

    @Override
    public double[] score(ComputationGraph net, ChannelGroup group) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + group.id() * 7919L + group.size());
        double[] s = new double[group.size()];
        for (int c = 0; c < s.length; c++) {
            s[c] = random.nextDouble();
        }
        return s;
    }

    @Override
    public String name() {
        return "random";
    }
}
