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

    /**
     * Whether the groups of a pruning step are pruned in turn, nearest the output first, each ranked
     * and mapped on the network the previous ones left (the published code's order), rather than all
     * on the step's network in one surgery. Per-group ranking only.
     */
    default boolean groupsInTurn() {
        return false;
    }

    /** The same maps, with the groups of a step pruned in turn. */
    static ChannelMapSource inTurn(ChannelMapSource maps) {
        return new InTurn(maps);
    }

    /** {@code maps} with the groups of a step pruned in turn. */
    record InTurn(ChannelMapSource maps) implements ChannelMapSource {
        @Override
        public ComputationGraph prepare(ComputationGraph net) {
            return maps.prepare(net);
        }

        @Override
        public ChannelMap map(ComputationGraph net, ChannelGroup group, double[] importance, int keep) {
            return maps.map(net, group, importance, keep);
        }

        @Override
        public String name() {
            return maps.name();
        }

        @Override
        public boolean groupsInTurn() {
            return true;
        }
    }
}
