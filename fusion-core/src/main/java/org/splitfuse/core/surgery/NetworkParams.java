package org.splitfuse.core.surgery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies of a network's parameters by vertex and key, and writing them into another network. */
final class NetworkParams {

    private NetworkParams() {
    }

    static Map<String, Map<String, INDArray>> copy(ComputationGraph net) {
        Map<String, Map<String, INDArray>> all = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            Map<String, INDArray> table = layer.paramTable();
            if (table == null || table.isEmpty()) {
                continue;
            }
            Map<String, INDArray> copies = new LinkedHashMap<>();
            table.forEach((key, value) -> copies.put(key, value.dup('c')));
            all.put(layer.conf().getLayer().getLayerName(), copies);
        }
        return all;
    }

    static void write(ComputationGraph net, Map<String, Map<String, INDArray>> params) {
        params.forEach((vertex, table) -> {
            Layer layer = net.getLayer(vertex);
            table.forEach((key, value) -> {
                INDArray target = layer.getParam(key);
                if (!java.util.Arrays.equals(target.shape(), value.shape())) {
                    throw new IllegalStateException(vertex + "_" + key + ": surgery produced shape "
                            + java.util.Arrays.toString(value.shape()) + " for a parameter of shape "
                            + java.util.Arrays.toString(target.shape()));
                }
                target.assign(value);
            });
        });
    }
}
