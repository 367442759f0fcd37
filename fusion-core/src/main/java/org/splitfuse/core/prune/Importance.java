package org.splitfuse.core.prune;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;

/**
 * Ranks a group's channels (neuron pairings): a non-negative score per channel, higher = more
 * important. Implementations: {@link Importances}.
 */
public interface Importance {

    /** Scores for the group's channels (length {@code group.size()}); the network is not modified. */
    double[] score(ComputationGraph net, ChannelGroup group);

    /** The name used in configs and on the command line (l1, l2, linf, random, taylor, lamp, bn-scale). */
    String name();
}
