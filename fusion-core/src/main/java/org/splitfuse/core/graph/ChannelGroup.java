package org.splitfuse.core.graph;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The smallest set of layer slices that must shrink together: channel c of the group is
 * out-channel c of every producer, channel c of every norm and in-channel c of every consumer.
 *
 * @param id   0 for the group nearest the output, counting backwards towards the input
 * @param size number of channels (neuron pairings) n
 */
public record ChannelGroup(int id, int size, List<Slice> slices) {

    public ChannelGroup {
        slices = List.copyOf(slices);
    }

    public List<Slice> slices(Slice.Role role) {
        return slices.stream().filter(s -> s.role() == role).toList();
    }

    public List<Slice> producers() {
        return slices(Slice.Role.PRODUCER);
    }

    public List<Slice> norms() {
        return slices(Slice.Role.NORM);
    }

    public List<Slice> consumers() {
        return slices(Slice.Role.CONSUMER);
    }

    /** True when more than one layer writes the channels: a residual stream. */
    public boolean isResidualStream() {
        return producers().size() > 1;
    }

    @Override
    public String toString() {
        return "group " + id + " (" + size + " channels; writers "
                + producers().stream().map(Slice::vertex).collect(Collectors.joining(", "))
                + "; readers " + consumers().stream().map(Slice::vertex).collect(Collectors.joining(", ")) + ")";
    }
}
