package org.splitfuse.core.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The channel groups of a network, found by following every tensor's channels from the inputs
 * to the outputs: a convolution or dense layer starts a new channel space, norms and pass-through
 * layers keep it, element-wise vertices merge the spaces of their inputs (residual streams),
 * concatenations lay spaces side by side. Spaces that reach a network input or output are fixed.
 */
public final class ChannelGroups {

    private final NetworkGraph graph;
    private final List<ChannelGroup> groups;

    private ChannelGroups(NetworkGraph graph, List<ChannelGroup> groups) {
        this.graph = graph;
        this.groups = List.copyOf(groups);
    }

    public static ChannelGroups of(ComputationGraph net) {
        return discover(NetworkGraph.of(net));
    }

    public static ChannelGroups discover(NetworkGraph graph) {
        return new ChannelGroups(graph, new Discovery(graph).run());
    }

    public NetworkGraph graph() {
        return graph;
    }

    /** Groups in id order: index i holds group i (0 nearest the output). */
    public List<ChannelGroup> all() {
        return groups;
    }

    public int count() {
        return groups.size();
    }

    public ChannelGroup get(int id) {
        if (id < 0 || id >= groups.size()) {
            throw new IllegalArgumentException("no group " + id + ": the network has " + groups.size()
                    + " prunable groups (0.." + (groups.size() - 1) + ")");
        }
        return groups.get(id);
    }

    /** A run of channels of one channel space (-1: fixed, never pruned). */
    private record Segment(int space, int length) {
    }

    private static final class Discovery {
        private final NetworkGraph graph;
        private final Map<String, List<Segment>> layouts = new HashMap<>();
        private final List<Integer> parent = new ArrayList<>();
        private final List<Integer> sizes = new ArrayList<>();
        private final List<Boolean> fixed = new ArrayList<>();
        private final List<List<Slice>> slices = new ArrayList<>();
        private final List<Integer> lastWriter = new ArrayList<>();

        Discovery(NetworkGraph graph) {
            this.graph = graph;
        }

        List<ChannelGroup> run() {
            for (GraphNode node : graph.nodes()) {
                layouts.put(node.name(), layoutOf(node));
            }
            for (GraphNode node : graph.nodes()) {
                if (graph.isNetworkOutput(node.name())) {
                    for (Segment s : layouts.get(node.name())) {
                        markFixed(s.space());
                    }
                }
            }
            return collect();
        }

        private List<Segment> layoutOf(GraphNode node) {
            return switch (node.kind()) {
                case INPUT -> List.of(new Segment(-1, inputChannels(node)));
                case CONVOLUTION, DENSE, OUTPUT -> producer(node);
                case BATCH_NORM -> norm(node);
                case PASS_THROUGH -> single(node);
                case ELEMENT_WISE -> elementWise(node);
                case CONCAT -> {
                    List<Segment> out = new ArrayList<>();
                    for (String in : node.inputs()) {
                        out.addAll(layouts.get(in));
                    }
                    yield out;
                }
            };
        }

        private List<Segment> producer(GraphNode node) {
            List<Segment> in = single(node);
            FeedForwardLayer layer = (FeedForwardLayer) node.layer();
            int block = 1;
            if (node.preProcessor() instanceof CnnToFeedForwardPreProcessor flat) {
                block = Math.toIntExact(flat.getInputHeight() * flat.getInputWidth());
            }
            long channels = total(in);
            if (channels * block != layer.getNIn()) {
                throw new UnsupportedNetworkException("layer '" + node.name() + "' has nIn " + layer.getNIn()
                        + " but reads " + channels + " channels" + (block > 1 ? " of " + block + " values each" : ""));
            }
            int offset = 0;
            for (Segment s : in) {
                if (s.space() >= 0) {
                    slices.get(find(s.space())).add(new Slice(node.name(), Slice.Role.CONSUMER, offset, block));
                }
                offset += s.length();
            }
            int out = Math.toIntExact(layer.getNOut());
            if (node.kind() == LayerKind.OUTPUT) {
                return List.of(new Segment(-1, out));
            }
            int space = newSpace(out, node.order());
            slices.get(space).add(new Slice(node.name(), Slice.Role.PRODUCER, 0, 1));
            return List.of(new Segment(space, out));
        }

        private List<Segment> norm(GraphNode node) {
            List<Segment> in = single(node);
            long n = ((FeedForwardLayer) node.layer()).getNOut();
            if (total(in) != n) {
                throw new UnsupportedNetworkException("BatchNorm '" + node.name() + "' has " + n
                        + " channels but reads " + total(in));
            }
            int offset = 0;
            for (Segment s : in) {
                if (s.space() >= 0) {
                    slices.get(find(s.space())).add(new Slice(node.name(), Slice.Role.NORM, offset, 1));
                }
                offset += s.length();
            }
            return in;
        }

        private List<Segment> elementWise(GraphNode node) {
            List<Segment> first = layouts.get(node.inputs().get(0));
            for (String other : node.inputs().subList(1, node.inputs().size())) {
                List<Segment> layout = layouts.get(other);
                if (layout.size() != first.size()) {
                    throw new UnsupportedNetworkException("element-wise vertex '" + node.name()
                            + "' combines inputs whose channels are laid out differently");
                }
                for (int i = 0; i < first.size(); i++) {
                    if (layout.get(i).length() != first.get(i).length()) {
                        throw new UnsupportedNetworkException("element-wise vertex '" + node.name() + "' adds "
                                + first.get(i).length() + " channels to " + layout.get(i).length());
                    }
                    union(first.get(i).space(), layout.get(i).space());
                }
            }
            return first;
        }

        private List<Segment> single(GraphNode node) {
            if (node.inputs().size() != 1) {
                throw new UnsupportedNetworkException("layer '" + node.name() + "' has "
                        + node.inputs().size() + " inputs; expected one");
            }
            return layouts.get(node.inputs().get(0));
        }

        /** An input's channel count is what its readers expect. */
        private int inputChannels(GraphNode input) {
            for (GraphNode reader : graph.readersOf(input.name())) {
                if (reader.layer() instanceof FeedForwardLayer layer && reader.kind() != LayerKind.PASS_THROUGH) {
                    long nIn = layer.getNIn();
                    if (reader.preProcessor() instanceof CnnToFeedForwardPreProcessor flat) {
                        nIn = flat.getNumChannels();
                    }
                    return Math.toIntExact(nIn);
                }
            }
            throw new UnsupportedNetworkException("cannot tell the channel count of input '" + input.name()
                    + "': no convolution, dense or BatchNorm layer reads it directly");
        }

        private static long total(List<Segment> layout) {
            long n = 0;
            for (Segment s : layout) {
                n += s.length();
            }
            return n;
        }

        private int newSpace(int size, int order) {
            int id = parent.size();
            parent.add(id);
            sizes.add(size);
            fixed.add(false);
            slices.add(new ArrayList<>());
            lastWriter.add(order);
            return id;
        }

        private int find(int space) {
            int root = space;
            while (parent.get(root) != root) {
                root = parent.get(root);
            }
            return root;
        }

        private void markFixed(int space) {
            if (space >= 0) {
                fixed.set(find(space), true);
            }
        }

        private void union(int a, int b) {
            if (a < 0 || b < 0) {
                markFixed(a < 0 ? b : a);
                return;
            }
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return;
            }
            parent.set(rb, ra);
            fixed.set(ra, fixed.get(ra) || fixed.get(rb));
            slices.get(ra).addAll(slices.get(rb));
            slices.get(rb).clear();
            lastWriter.set(ra, Math.max(lastWriter.get(ra), lastWriter.get(rb)));
        }

        private List<ChannelGroup> collect() {
            List<Integer> roots = new ArrayList<>();
            for (int s = 0; s < parent.size(); s++) {
                if (find(s) == s && !fixed.get(s)) {
                    roots.add(s);
                }
            }
            roots.sort(Comparator.comparing((Integer s) -> lastWriter.get(s)).reversed());
            List<ChannelGroup> groups = new ArrayList<>();
            for (int root : roots) {
                List<Slice> ordered = new ArrayList<>(slices.get(root));
                ordered.sort(Comparator.comparing((Slice s) -> s.role())
                        .thenComparing(s -> graph.node(s.vertex()).order()));
                groups.add(new ChannelGroup(groups.size(), sizes.get(root), ordered));
            }
            return groups;
        }
    }
}
