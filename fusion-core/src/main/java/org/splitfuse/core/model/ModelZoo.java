package org.splitfuse.core.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * Builds the model families as DL4J {@link ComputationGraph}s. Every family is a graph (not a
 * MultiLayerNetwork) so that training, surgery and fusion see one kind of network.
 *
 * <p>Vertex names follow the PyTorch forms of kuangliu/pytorch-cifar (features.N, classifier,
 * conv1, layer1.0.conv1, layer1.0.shortcut.0, linear) so that weights map one to one.
 */
public final class ModelZoo {

    static {
        NativeHelpers.enable();
    }

    private ModelZoo() {
    }

    /** Builds and initialises the network: the same spec gives the same initial parameters. */
    public static ComputationGraph build(ModelSpec spec, OptimizerSpec optimizer) {
        ComputationGraph graph = new ComputationGraph(configuration(spec, optimizer));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(ModelSpec spec, OptimizerSpec optimizer) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(optimizer.toUpdater())
                .weightInit(WeightInit.RELU)
                // PyTorch-style padding arithmetic, so imported weights give the same outputs
                .convolutionMode(ConvolutionMode.Truncate);
        if (optimizer.weightDecay() > 0) {
            base.l2(optimizer.weightDecay());
        }
        GraphAssembler g = new GraphAssembler(base.graphBuilder(), spec);
        switch (spec.family()) {
            case MLP -> mlp(g, spec);
            case SMALL_CNN -> smallCnn(g, spec);
            case VGG11_BN -> vgg11(g, spec);
            case RESNET18 -> resnet18(g, spec);
            default -> throw new IllegalStateException("no builder for " + spec.family());
        }
        InputShape in = spec.input();
        return g.builder()
                .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()))
                .build();
    }

    private static void mlp(GraphAssembler g, ModelSpec spec) {
        String x = g.dense("fc1", GraphAssembler.INPUT, spec.scaled(512));
        x = g.dense("fc2", x, spec.scaled(256));
        g.classifier("classifier", x);
    }

    /** Two conv-BN-ReLU-pool stages (16, 32 channels), one hidden dense layer (64): quick to train. */
    private static void smallCnn(GraphAssembler g, ModelSpec spec) {
        String x = g.convBnRelu("features", 0, GraphAssembler.INPUT, spec.scaled(16), 3, 1, true);
        x = g.maxPool("features.3", x);
        x = g.convBnRelu("features", 4, x, spec.scaled(32), 3, 1, true);
        x = g.maxPool("features.7", x);
        x = g.dense("fc1", x, spec.scaled(64));
        g.classifier("classifier", x);
    }

    /** kuangliu's VGG11: cfg 64 M 128 M 256 256 M 512 512 M 512 512 M, conv biases on, one linear. */
    private static void vgg11(GraphAssembler g, ModelSpec spec) {
        Object[] cfg = {64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"};
        String x = GraphAssembler.INPUT;
        int index = 0;
        for (Object item : cfg) {
            if ("M".equals(item)) {
                x = g.maxPool("features." + index, x);
                index += 1;
            } else {
                x = g.convBnRelu("features", index, x, spec.scaled((Integer) item), 3, 1, true);
                index += 3;
            }
        }
        g.classifier("classifier", x);
    }

    /** kuangliu's ResNet18: BasicBlocks [2,2,2,2], 1x1 projection shortcuts with BN, global average pool. */
    private static void resnet18(GraphAssembler g, ModelSpec spec) {
        String x = g.conv("conv1", GraphAssembler.INPUT, spec.scaled(64), 3, 1, false);
        x = g.batchNorm("bn1", x);
        x = g.relu("relu1", x);
        int inPlanes = spec.scaled(64);
        int[] planes = {64, 128, 256, 512};
        for (int layer = 0; layer < 4; layer++) {
            int out = spec.scaled(planes[layer]);
            for (int block = 0; block < 2; block++) {
                int stride = (layer > 0 && block == 0) ? 2 : 1;
                x = basicBlock(g, "layer" + (layer + 1) + "." + block, x, inPlanes, out, stride);
                inPlanes = out;
            }
        }
        x = g.globalAvgPool("avgpool", x);
        g.classifier("linear", x);
    }

    private static String basicBlock(GraphAssembler g, String name, String in, int inPlanes, int planes, int stride) {
        String x = g.conv(name + ".conv1", in, planes, 3, stride, false);
        x = g.batchNorm(name + ".bn1", x);
        x = g.relu(name + ".relu1", x);
        x = g.conv(name + ".conv2", x, planes, 3, 1, false);
        x = g.batchNorm(name + ".bn2", x);
        String shortcut = in;
        if (stride != 1 || inPlanes != planes) {
            shortcut = g.conv(name + ".shortcut.0", in, planes, 1, stride, false);
            shortcut = g.batchNorm(name + ".shortcut.1", shortcut);
        }
        String sum = g.add(name + ".add", x, shortcut);
        return g.relu(name + ".relu2", sum);
    }
}
