package org.splitfuse.core.infer;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/** The runtime side of {@link AddActivationVertex}. */
final class AddActivationVertexImpl extends BaseGraphVertex {

    private final IActivation activation;

    AddActivationVertexImpl(ComputationGraph graph, String name, int index, IActivation activation, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.activation = activation;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Cannot do forward pass: inputs not set");
        }
        INDArray first = inputs[0];
        for (INDArray in : inputs) {
            if (!Arrays.equals(in.shape(), first.shape())) {
                throw new IllegalStateException(vertexName + ": inputs of different shapes "
                        + Arrays.toString(first.shape()) + " and " + Arrays.toString(in.shape()));
            }
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, first.shape(), 'c');
        Nd4j.exec(new AddOp(first.castTo(dataType), inputs[1].castTo(dataType), out));
        for (int i = 2; i < inputs.length; i++) {
            out.addi(inputs[i].castTo(dataType));
        }
        // in place, as DL4J's ActivationLayer does in inference
        return activation.getActivation(out, training);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException(vertexName + ": AddActivationVertex is inference-only (an inference form is not trained)");
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException("AddActivationVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        // like DL4J's add: the inputs' masks are taken as equal, the first one stands for all
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "AddActivationVertexImpl(" + vertexName + ", " + activation + ")";
    }
}
