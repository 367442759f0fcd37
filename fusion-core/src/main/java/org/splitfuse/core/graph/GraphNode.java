package org.splitfuse.core.graph;

import java.util.List;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * One vertex of a network as pruning sees it.
 *
 * @param order        position in the graph's topological order (inputs first)
 * @param layer        the layer configuration, null for inputs and non-layer vertices
 * @param preProcessor the input pre-processor of a layer vertex (e.g. the CNN-to-dense flatten), or null
 */
public record GraphNode(String name, LayerKind kind, List<String> inputs, int order, Layer layer,
                        InputPreProcessor preProcessor) {

    public GraphNode {
        inputs = List.copyOf(inputs);
    }

    public boolean hasParameters() {
        return kind == LayerKind.CONVOLUTION || kind == LayerKind.DENSE || kind == LayerKind.OUTPUT
                || kind == LayerKind.BATCH_NORM;
    }
}
