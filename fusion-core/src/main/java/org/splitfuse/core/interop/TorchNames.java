package org.splitfuse.core.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.splitfuse.core.interop.TorchParam.Layout;

/**
 * The PyTorch state_dict names of a graph's parameters. Vertex names are taken as module names (the zoo
 * names its vertices after kuangliu/pytorch-cifar), so only the suffix and the layout depend on the layer.
 */
final class TorchNames {

    static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

    /**
     * @param params             every parameter of the graph, in topological order of the vertices
     * @param batchNormVertices  the vertices that have a num_batches_tracked buffer in PyTorch
     * @param problems           parameterised layers with no PyTorch counterpart here
     */
    record Mapping(List<TorchParam> params, Set<String> batchNormVertices, List<String> problems) {
    }

    private TorchNames() {
    }

    static Mapping of(ComputationGraph graph) {
        List<TorchParam> params = new ArrayList<>();
        Set<String> batchNorms = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex vertex = graph.getVertices()[index];
            if (!vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            String name = vertex.getVertexName();
            var layer = vertex.getLayer();
            Layer conf = layer.conf().getLayer();
            if (conf instanceof BatchNormalization bn) {
                batchNorms.add(name);
            }
            for (String key : layer.paramTable().keySet()) {
                TorchParam p = param(name, key, conf);
                if (p == null) {
                    problems.add(name + ": DL4J parameter \"" + key + "\" of " + conf.getClass().getSimpleName()
                            + " has no PyTorch counterpart");
                } else {
                    params.add(p);
                }
            }
        }
        return new Mapping(List.copyOf(params), Collections.unmodifiableSet(batchNorms), List.copyOf(problems));
    }

    /** The mapping of one DL4J parameter, or null when this layer type or key is not supported. */
    private static TorchParam param(String vertex, String key, Layer conf) {
        // exact classes: subclasses such as Deconvolution2D keep their weights in another layout
        if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == Convolution2D.class) {
            return switch (key) {
                case "W" -> new TorchParam(vertex + ".weight", vertex, key, Layout.AS_IS, 0);
                case "b" -> new TorchParam(vertex + ".bias", vertex, key, Layout.VECTOR, 0);
                default -> null;
            };
        }
        if (conf.getClass() == DenseLayer.class || conf.getClass() == OutputLayer.class) {
            return switch (key) {
                case "W" -> new TorchParam(vertex + ".weight", vertex, key, Layout.TRANSPOSED, 0);
                case "b" -> new TorchParam(vertex + ".bias", vertex, key, Layout.VECTOR, 0);
                default -> null;
            };
        }
        if (conf instanceof BatchNormalization bn) {
            return switch (key) {
                case "gamma" -> new TorchParam(vertex + ".weight", vertex, key, Layout.VECTOR, 0);
                case "beta" -> new TorchParam(vertex + ".bias", vertex, key, Layout.VECTOR, 0);
                case "mean" -> new TorchParam(vertex + ".running_mean", vertex, key, Layout.VECTOR, 0);
                case "var" -> new TorchParam(vertex + ".running_var", vertex, key, Layout.VECTOR, 0);
                case "log10stdev" -> new TorchParam(vertex + ".running_var", vertex, key,
                        Layout.LOG10_STD_AS_VAR, bn.getEps());
                default -> null;
            };
        }
        return null;
    }
}
