package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.ChannelMap;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;

/**
 * Where a group's channel map comes from: the only thing in which default pruning
 * ({@link KeepMostImportant}) and Intra-Fusion differ.
 */
public interface ChannelMapSource {

    /** The network that importance and maps are computed on and surgery is applied to. */
    default ComputationGraph prepare(ComputationGraph net) {
        return net;
    }

    /** A map from the group's n channels to {@code keep} channels. */
    ChannelMap map(ComputationGraph net, ChannelGroup group, double[] importance, int keep);

    String name();
}
