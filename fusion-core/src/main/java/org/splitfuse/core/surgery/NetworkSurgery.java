package org.splitfuse.core.surgery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.Slice;

/**
 * Applies one channel map per group to every slice of the group and rebuilds a smaller, ordinary
 * DL4J network (new configuration with the new channel counts, parameters set, fresh updater
 * state). The input network is not modified.
 */
public final class NetworkSurgery {

    static {
        org.splitfuse.core.model.NativeHelpers.enable();
    }

    private NetworkSurgery() {
    }

    private record Step(Slice slice, int groupSize, ChannelMap map) {
    }

    public static ComputationGraph apply(ComputationGraph net, ChannelGroups groups, Map<Integer, ChannelMap> maps) {
        Map<String, Map<String, INDArray>> params = NetworkParams.copy(net);
        Map<String, Long> outDelta = new HashMap<>();
        Map<String, Long> inDelta = new HashMap<>();
        Map<String, Long> flatDelta = new HashMap<>();
        Map<String, Long> normDelta = new HashMap<>();
        for (Step step : steps(groups, maps)) {
            Slice s = step.slice();
            GraphNode node = groups.graph().node(s.vertex());
            Map<String, INDArray> table = params.get(s.vertex());
            long change = step.map().targetCount() - step.groupSize();
            switch (s.role()) {
                case PRODUCER -> {
                    mapAll(table, node, s, step, true);
                    outDelta.merge(s.vertex(), change, Long::sum);
                }
                case CONSUMER -> {
                    mapAll(table, node, s, step, false);
                    inDelta.merge(s.vertex(), change * s.block(), Long::sum);
                    flatDelta.merge(s.vertex(), change, Long::sum);
                }
                case NORM -> {
                    if (step.map().isSelection()) {
                        mapAll(table, node, s, step, true);
                    } else {
                        IdentityNorms.merge(table, (BatchNormalization) node.layer(), s, step.groupSize(), step.map());
                    }
                    normDelta.merge(s.vertex(), change, Long::sum);
                }
            }
        }
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        resize(conf, outDelta, inDelta, flatDelta, normDelta);
        ComputationGraph pruned = new ComputationGraph(conf);
        pruned.init();
        NetworkParams.write(pruned, params);
        return pruned;
    }

    /** All slice updates, per vertex from the highest offset down so earlier offsets stay valid. */
    private static List<Step> steps(ChannelGroups groups, Map<Integer, ChannelMap> maps) {
        List<Step> steps = new ArrayList<>();
        maps.forEach((id, map) -> {
            ChannelGroup group = groups.get(id);
            if (map.sourceCount() != group.size()) {
                throw new IllegalArgumentException("channel map for group " + id + " maps " + map.sourceCount()
                        + " channels, but the group has " + group.size());
            }
            for (Slice s : group.slices()) {
                steps.add(new Step(s, group.size(), map));
            }
        });
        steps.sort(Comparator.comparing((Step st) -> st.slice().vertex())
                .thenComparing(st -> st.slice().role())
                .thenComparing(st -> -st.slice().offset()));
        return steps;
    }

    private static void mapAll(Map<String, INDArray> table, GraphNode node, Slice s, Step step, boolean producerSide) {
        for (SliceParams.Axis axis : SliceParams.of(node, s.role())) {
            INDArray t = table.get(axis.key());
            int block = s.role() == Slice.Role.CONSUMER ? s.block() : 1;
            table.put(axis.key(), AxisMaps.apply(t, axis.axis(), s.offset(), step.groupSize(), block, step.map(), producerSide));
        }
    }

    private static void resize(ComputationGraphConfiguration conf, Map<String, Long> outDelta, Map<String, Long> inDelta,
                               Map<String, Long> flatDelta, Map<String, Long> normDelta) {
        outDelta.forEach((v, d) -> {
            FeedForwardLayer layer = layer(conf, v);
            layer.setNOut(layer.getNOut() + d);
        });
        inDelta.forEach((v, d) -> {
            FeedForwardLayer layer = layer(conf, v);
            layer.setNIn(layer.getNIn() + d);
            if (((LayerVertex) conf.getVertices().get(v)).getPreProcessor() instanceof CnnToFeedForwardPreProcessor flat) {
                flat.setNumChannels(flat.getNumChannels() + flatDelta.get(v));
            }
        });
        normDelta.forEach((v, d) -> {
            FeedForwardLayer layer = layer(conf, v);
            layer.setNIn(layer.getNIn() + d);
            layer.setNOut(layer.getNOut() + d);
        });
    }

    private static FeedForwardLayer layer(ComputationGraphConfiguration conf, String vertex) {
        return (FeedForwardLayer) ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer();
    }
}
