package org.splitfuse.core.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.splitfuse.core.infer.AddActivationVertex;

/**
 * A DL4J network as a list of {@link GraphNode}s in topological order: the one view that group
 * discovery, surgery and cost counting share. A MultiLayerNetwork is seen through its
 * ComputationGraph form.
 */
public final class NetworkGraph {

    private final List<GraphNode> nodes;
    private final Map<String, GraphNode> byName;
    private final Set<String> outputs;

    private NetworkGraph(List<GraphNode> nodes, List<String> outputs) {
        this.nodes = List.copyOf(nodes);
        Map<String, GraphNode> map = new LinkedHashMap<>();
        for (GraphNode n : nodes) {
            map.put(n.name(), n);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.outputs = Set.copyOf(outputs);
    }

    public static NetworkGraph of(ComputationGraph net) {
        return of(net.getConfiguration());
    }

    public static NetworkGraph of(MultiLayerNetwork net) {
        return of(net.toComputationGraph());
    }

    public static NetworkGraph of(ComputationGraphConfiguration conf) {
        Map<String, List<String>> inputs = new HashMap<>(conf.getVertexInputs());
        for (String in : conf.getNetworkInputs()) {
            inputs.put(in, List.of());
        }
        List<String> order = topologicalOrder(conf.getNetworkInputs(), conf.getVertices().keySet(), inputs);
        List<GraphNode> nodes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            GraphVertex vertex = conf.getVertices().get(name);
            nodes.add(vertex == null
                    ? new GraphNode(name, LayerKind.INPUT, List.of(), i, null, null)
                    : node(name, vertex, inputs.getOrDefault(name, List.of()), i));
        }
        return new NetworkGraph(nodes, conf.getNetworkOutputs());
    }

    public List<GraphNode> nodes() {
        return nodes;
    }

    public GraphNode node(String name) {
        GraphNode n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no vertex named '" + name + "' in the network");
        }
        return n;
    }

    public boolean isNetworkOutput(String name) {
        return outputs.contains(name);
    }

    /** Vertices that read the output of the named vertex, in topological order. */
    public List<GraphNode> readersOf(String name) {
        List<GraphNode> readers = new ArrayList<>();
        for (GraphNode n : nodes) {
            if (n.inputs().contains(name)) {
                readers.add(n);
            }
        }
        return readers;
    }

    private static GraphNode node(String name, GraphVertex vertex, List<String> inputs, int order) {
        if (vertex instanceof ElementWiseVertex || vertex instanceof AddActivationVertex) {
            return new GraphNode(name, LayerKind.ELEMENT_WISE, inputs, order, null, null);
        }
        if (vertex instanceof MergeVertex) {
            return new GraphNode(name, LayerKind.CONCAT, inputs, order, null, null);
        }
        if (!(vertex instanceof LayerVertex lv)) {
            throw new UnsupportedNetworkException("vertex '" + name + "' is a "
                    + vertex.getClass().getSimpleName() + ", which pruning does not support");
        }
        Layer layer = lv.getLayerConf().getLayer();
        InputPreProcessor pre = lv.getPreProcessor();
        if (pre != null && !(pre instanceof CnnToFeedForwardPreProcessor)) {
            throw new UnsupportedNetworkException("vertex '" + name + "' has an input pre-processor "
                    + pre.getClass().getSimpleName() + ", which pruning does not support");
        }
        return new GraphNode(name, kindOf(name, layer), inputs, order, layer, pre);
    }

    // Exact classes: subclasses (depthwise, separable, deconvolution, ...) map channels differently.
    private static LayerKind kindOf(String name, Layer layer) {
        Class<?> c = layer.getClass();
        if (c == ConvolutionLayer.class) {
            return LayerKind.CONVOLUTION;
        }
        if (c == DenseLayer.class) {
            return LayerKind.DENSE;
        }
        if (c == OutputLayer.class) {
            return LayerKind.OUTPUT;
        }
        if (c == BatchNormalization.class) {
            return LayerKind.BATCH_NORM;
        }
        if (c == ActivationLayer.class || c == SubsamplingLayer.class || c == GlobalPoolingLayer.class
                || c == DropoutLayer.class) {
            return LayerKind.PASS_THROUGH;
        }
        throw new UnsupportedNetworkException("layer '" + name + "' is a " + c.getSimpleName()
                + ", which pruning does not support (supported: ConvolutionLayer, DenseLayer, OutputLayer, "
                + "BatchNormalization, ActivationLayer, SubsamplingLayer, GlobalPoolingLayer, DropoutLayer, "
                + "ElementWiseVertex, MergeVertex)");
    }

    /** Kahn's algorithm in declaration order, so the order is the same on every run. */
    private static List<String> topologicalOrder(List<String> networkInputs, Set<String> vertices,
                                                 Map<String, List<String>> inputs) {
        List<String> all = new ArrayList<>(networkInputs);
        all.addAll(vertices);
        Map<String, Integer> pending = new HashMap<>();
        for (String v : all) {
            pending.put(v, inputs.getOrDefault(v, List.of()).size());
        }
        Deque<String> ready = new ArrayDeque<>();
        for (String v : all) {
            if (pending.get(v) == 0) {
                ready.add(v);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String v = ready.poll();
            order.add(v);
            for (String w : all) {
                List<String> in = inputs.getOrDefault(w, List.of());
                for (String x : in) {
                    if (x.equals(v)) {
                        int left = pending.merge(w, -1, Integer::sum);
                        if (left == 0) {
                            ready.add(w);
                        }
                    }
                }
            }
        }
        if (order.size() != all.size()) {
            throw new UnsupportedNetworkException("the network's vertices do not form an acyclic graph");
        }
        return order;
    }
}
