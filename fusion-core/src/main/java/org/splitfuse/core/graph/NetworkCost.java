package org.splitfuse.core.graph;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.InputShape;

/**
 * Size and cost of one forward pass for one example. FLOPs count 2 per multiply-accumulate of
 * the convolution and dense layers (biases, BatchNorm, activations and pooling are ignored:
 * under 1% for these networks).
 */
public record NetworkCost(long params, long flops) {

    public static NetworkCost of(ComputationGraph net, InputShape input) {
        Map<String, InputType> types = net.getConfiguration().clone().getLayerActivationTypes(true,
                InputType.convolutional(input.height(), input.width(), input.channels()));
        long macs = 0;
        for (GraphNode node : NetworkGraph.of(net).nodes()) {
            if (node.layer() instanceof ConvolutionLayer conv && node.kind() == LayerKind.CONVOLUTION) {
                InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) types.get(node.name());
                long[] k = java.util.Arrays.stream(conv.getKernelSize()).asLongStream().toArray();
                macs += out.getHeight() * out.getWidth() * conv.getNOut() * conv.getNIn() * k[0] * k[1];
            } else if (node.kind() == LayerKind.DENSE || node.kind() == LayerKind.OUTPUT) {
                FeedForwardLayer dense = (FeedForwardLayer) node.layer();
                macs += dense.getNIn() * dense.getNOut();
            }
        }
        return new NetworkCost(net.numParams(), 2 * macs);
    }
}
