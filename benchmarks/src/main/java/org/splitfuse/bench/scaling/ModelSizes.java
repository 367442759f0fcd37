package org.splitfuse.bench.scaling;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.NetworkCost;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

/** The size of a zoo model at a width, built once per (family, width) with the training optimiser (SGD, Nesterov momentum). */
final class ModelSizes {

    private final InputShape input;
    private final int classes;
    private final Map<String, ModelSize> cache = new HashMap<>();

    ModelSizes(InputShape input, int classes) {
        this.input = input;
        this.classes = classes;
    }

    synchronized ModelSize of(ModelFamily family, double width) {
        return cache.computeIfAbsent(family.id() + "@" + width, k -> build(family, width));
    }

    private ModelSize build(ModelFamily family, double width) {
        ComputationGraph net = ModelZoo.build(new ModelSpec(family, input, classes, width, 0), OptimizerSpec.paper());
        INDArray state = net.getUpdater().getStateViewArray();
        NetworkCost cost = NetworkCost.of(net, input);
        Map<String, InputType> types = net.getConfiguration().clone().getLayerActivationTypes(true,
                InputType.convolutional(input.height(), input.width(), input.channels()));
        long activations = 0;
        for (Map.Entry<String, InputType> e : types.entrySet()) {
            if (!net.getConfiguration().getNetworkInputs().contains(e.getKey())) {
                activations += e.getValue().arrayElementsPerExample();
            }
        }
        return new ModelSize(net.numParams(), state == null ? 0 : state.length(), cost.flops(), activations);
    }
}
