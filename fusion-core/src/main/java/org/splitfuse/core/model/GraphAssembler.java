package org.splitfuse.core.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Adds named layers to a graph builder; each method returns the name of the vertex it added. */
final class GraphAssembler {

    static final String INPUT = "input";

    private final GraphBuilder builder;
    private final ModelSpec spec;

    GraphAssembler(GraphBuilder builder, ModelSpec spec) {
        this.builder = builder;
        this.spec = spec;
        builder.addInputs(INPUT);
    }

    GraphBuilder builder() {
        return builder;
    }

    String conv(String name, String in, int channels, int kernel, int stride, boolean bias) {
        builder.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(kernel / 2, kernel / 2)
                .nOut(channels)
                .hasBias(bias)
                .activation(Activation.IDENTITY)
                .build(), in);
        return name;
    }

    /** conv -> BN -> ReLU, named prefix.index, prefix.(index+1), prefix.(index+2) as in nn.Sequential. */
    String convBnRelu(String prefix, int index, String in, int channels, int kernel, int stride, boolean bias) {
        String x = conv(prefix + "." + index, in, channels, kernel, stride, bias);
        x = batchNorm(prefix + "." + (index + 1), x);
        return relu(prefix + "." + (index + 2), x);
    }

    String batchNorm(String name, String in) {
        builder.addLayer(name, BatchNorms.layer(), in);
        return name;
    }

    String relu(String name, String in) {
        builder.addLayer(name, new ActivationLayer(Activation.RELU), in);
        return name;
    }

    /** 2x2 max pool in ceil mode: equal to PyTorch's MaxPool2d(2) on even sizes, and defined down to 1x1. */
    String maxPool(String name, String in) {
        builder.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same)
                .build(), in);
        return name;
    }

    String globalAvgPool(String name, String in) {
        builder.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in);
        return name;
    }

    String dense(String name, String in, int units) {
        builder.addLayer(name, new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build(), in);
        return name;
    }

    String add(String name, String a, String b) {
        builder.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }

    void classifier(String name, String in) {
        builder.addLayer(name, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(spec.numClasses())
                .activation(Activation.SOFTMAX)
                .build(), in);
        builder.setOutputs(name);
    }
}
