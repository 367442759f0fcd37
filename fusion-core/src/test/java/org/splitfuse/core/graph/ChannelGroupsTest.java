package org.splitfuse.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.prune.Networks;

class ChannelGroupsTest {

    private static Set<String> vertices(List<Slice> slices) {
        return slices.stream().map(Slice::vertex).collect(Collectors.toSet());
    }

    @Test
    void vgg11HasOneGroupPerConvolutionNumberedFromTheOutput() {
        ChannelGroups groups = ChannelGroups.of(Networks.zoo(ModelFamily.VGG11_BN, InputShape.of(3, 32, 32), 1.0, 1));
        assertEquals(8, groups.count());
        int[] sizes = {512, 512, 512, 512, 256, 256, 128, 64};
        String[] convs = {"features.25", "features.22", "features.18", "features.15", "features.11", "features.8",
            "features.4", "features.0"};
        for (int id = 0; id < 8; id++) {
            ChannelGroup g = groups.get(id);
            assertEquals(sizes[id], g.size(), g.toString());
            assertEquals(Set.of(convs[id]), vertices(g.producers()), g.toString());
            assertEquals(1, g.norms().size());
            assertEquals(1, g.consumers().size());
        }
        assertEquals(Set.of("classifier"), vertices(groups.get(0).consumers()));
        assertEquals(Set.of("features.4"), vertices(groups.get(7).consumers()));
    }

    @Test
    void resnet18HasOneGroupPerResidualStreamWithAllItsWritersAndReaders() {
        ChannelGroups groups = ChannelGroups.of(Networks.zoo(ModelFamily.RESNET18, InputShape.of(3, 32, 32), 1.0, 1));
        assertEquals(12, groups.count(), "4 residual streams + 8 block-internal groups");
        List<ChannelGroup> streams = groups.all().stream().filter(ChannelGroup::isResidualStream).toList();
        assertEquals(4, streams.size());
        ChannelGroup stage1 = streams.stream().filter(g -> vertices(g.producers()).contains("conv1")).findFirst().orElseThrow();
        assertEquals(64, stage1.size());
        assertEquals(Set.of("conv1", "layer1.0.conv2", "layer1.1.conv2"), vertices(stage1.producers()));
        assertEquals(Set.of("bn1", "layer1.0.bn2", "layer1.1.bn2"), vertices(stage1.norms()));
        assertEquals(Set.of("layer1.0.conv1", "layer1.1.conv1", "layer2.0.conv1", "layer2.0.shortcut.0"),
                vertices(stage1.consumers()));
        ChannelGroup stage2 = streams.stream()
                .filter(g -> vertices(g.producers()).contains("layer2.0.shortcut.0")).findFirst().orElseThrow();
        assertEquals(Set.of("layer2.0.conv2", "layer2.0.shortcut.0", "layer2.1.conv2"), vertices(stage2.producers()));
        assertEquals(Set.of("layer2.0.bn2", "layer2.0.shortcut.1", "layer2.1.bn2"), vertices(stage2.norms()));
        ChannelGroup last = groups.get(0);
        assertTrue(last.isResidualStream(), "group 0 is the last stage's stream");
        assertEquals(512, last.size());
        assertTrue(vertices(last.consumers()).contains("linear"));
        for (ChannelGroup g : groups.all()) {
            if (!g.isResidualStream()) {
                assertEquals(1, g.producers().size());
                assertTrue(g.producers().get(0).vertex().endsWith(".conv1"), g.toString());
                assertEquals(Set.of(g.producers().get(0).vertex().replace("conv1", "conv2")), vertices(g.consumers()));
            }
        }
    }

    @Test
    void flattenMapsOneChannelToHeightTimesWidthDenseInputs() {
        ChannelGroups groups = ChannelGroups.of(Networks.zoo(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 1.0, 1));
        assertEquals(3, groups.count(), "fc1, features.4, features.0");
        ChannelGroup conv2 = groups.get(1);
        assertEquals(Set.of("features.4"), vertices(conv2.producers()));
        Slice fc1 = conv2.consumers().get(0);
        assertEquals("fc1", fc1.vertex());
        assertEquals(49, fc1.block(), "28 -> 14 -> 7: one channel is 7 x 7 inputs");
        assertEquals(1, groups.get(0).consumers().get(0).block());
    }

    @Test
    void unsupportedLayerIsNamed() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(6).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dw")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        UnsupportedNetworkException e = assertThrows(UnsupportedNetworkException.class, () -> ChannelGroups.of(net));
        assertTrue(e.getMessage().contains("'dw'") && e.getMessage().contains("DepthwiseConvolution2D"), e.getMessage());
    }

    @Test
    void aMultiLayerNetworkIsPrunedThroughItsGraphForm() {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(6)
                        .activation(Activation.IDENTITY).build())
                .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build())
                .layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer(Activation.RELU))
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 2))
                .build();
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork mln = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        mln.init();
        ChannelGroups groups = ChannelGroups.discover(NetworkGraph.of(mln));
        assertEquals(2, groups.count());
        assertEquals(16, groups.get(1).consumers().get(0).block(), "a 4x4 map per conv channel into the dense layer");
        ComputationGraph pruned = org.splitfuse.core.prune.Pruner.keepMostImportant(
                org.splitfuse.core.prune.MagnitudeImportance.l1())
                .prune(mln.toComputationGraph(), org.splitfuse.core.prune.PruningPlan.allGroups(0.5));
        assertEquals(3, ChannelGroups.of(pruned).get(1).size());
        assertEquals(4, ChannelGroups.of(pruned).get(0).size());
    }

    @Test
    void askingForAMissingGroupSaysHowManyThereAre() {
        ChannelGroups groups = ChannelGroups.of(Networks.zoo(ModelFamily.MLP, InputShape.of(1, 28, 28), 0.25, 1));
        assertEquals(2, groups.count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> groups.get(5));
        assertTrue(e.getMessage().contains("2 prunable groups"), e.getMessage());
    }
}
