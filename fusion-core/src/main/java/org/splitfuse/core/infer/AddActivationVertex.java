package org.splitfuse.core.infer;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Inference-only graph vertex: the element-wise sum of its inputs (all of one shape) with an
 * activation applied in place, i.e. an {@code ElementWiseVertex(Add)} and the ActivationLayer that
 * was its only reader in one vertex (ResNet's residual add and the ReLU after it). DL4J's add
 * copies its first input and adds the others to the copy; this one writes the sum once, so the
 * pair costs two passes over the tensor instead of three. No backward pass: an inference form is
 * not trained.
 */
public class AddActivationVertex extends GraphVertex {

    private final IActivation activation;

    public AddActivationVertex(@JsonProperty("activation") IActivation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    public IActivation getActivation() {
        return activation;
    }

    @Override
    public AddActivationVertex clone() {
        return new AddActivationVertex(activation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddActivationVertex v && v.activation.equals(activation);
    }

    @Override
    public int hashCode() {
        return activation.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new AddActivationVertexImpl(graph, name, idx, activation, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        for (InputType in : vertexInputs) {
            if (!Arrays.equals(in.getShape(), vertexInputs[0].getShape())) {
                throw new InvalidInputTypeException("AddActivationVertex: inputs of different shapes: "
                        + vertexInputs[0] + " and " + in);
            }
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, AddActivationVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "AddActivationVertex(" + activation + ")";
    }
}
