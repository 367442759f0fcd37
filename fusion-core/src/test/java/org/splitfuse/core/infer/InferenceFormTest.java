package org.splitfuse.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.prune.MagnitudeImportance;
import org.splitfuse.core.prune.Networks;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;

class InferenceFormTest {

    private static final InputShape FASHION = InputShape.of(1, 28, 28);
    private static final double TOLERANCE = 1e-5;

    /**
     * Zoo network with random BatchNorm statistics; in every BatchNorm one channel has a variance
     * small enough that eps matters (5%), with a gamma that keeps its scale near 1 so that the
     * logits stay moderate and the softmax does not saturate.
     */
    private static ComputationGraph net(ModelFamily family, double width, long seed) {
        ComputationGraph net = Networks.zoo(family, FASHION, width, seed);
        for (GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.getLayer().conf().getLayer() instanceof BatchNormalization) {
                v.getLayer().getParam("var").putScalar(0, 2e-4);
                v.getLayer().getParam("gamma").putScalar(0, 0.015);
            }
        }
        return net;
    }

    /** Max abs difference of the softmax outputs, and of the logits relative to the largest logit. */
    private static double[] difference(ComputationGraph a, ComputationGraph b, INDArray x) {
        double softmax = Networks.maxAbsDiff(a.outputSingle(false, x), b.outputSingle(false, x));
        INDArray la = Networks.logits(a, x);
        double logits = Networks.maxAbsDiff(la, Networks.logits(b, x)) / Networks.maxAbs(la);
        return new double[] {softmax, logits};
    }

    private static long batchNormParams(ComputationGraph net) {
        long n = 0;
        for (Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNormalization) {
                n += l.numParams();
            }
        }
        return n;
    }

    private static void assertEquivalent(ComputationGraph net, String what) {
        INDArray x = Networks.input(FASHION, 32, 5);
        INDArray before = net.outputSingle(false, x);
        INDArray paramsBefore = net.params().dup();
        ComputationGraph inference = InferenceForm.of(net);
        double[] d = difference(net, inference, x);
        // in double precision the two forms agree to rounding: what float shows beyond that is not a folding error
        ComputationGraph wide = net.convertDataType(DataType.DOUBLE);
        INDArray xd = x.castTo(DataType.DOUBLE);
        double[] dd = difference(wide, InferenceForm.of(wide), xd);
        System.out.printf("inference form %s: float softmax max abs diff %.2e, float logits max abs diff / max |logit| "
                + "%.2e (max |logit| %.1f); double: %.2e, %.2e%n", what, d[0], d[1],
                Networks.maxAbs(Networks.logits(net, x)), dd[0], dd[1]);
        assertTrue(d[0] <= TOLERANCE, what + " softmax differs by " + d[0]);
        assertTrue(d[1] <= TOLERANCE, what + " logits differ by " + d[1] + " relative");
        assertTrue(dd[1] <= 1e-12, what + " logits in double differ by " + dd[1] + " relative");
        // the training form is untouched
        assertEquals(before, net.outputSingle(false, x), what);
        assertEquals(paramsBefore, net.params(), what);

        // no BatchNorm or ActivationLayer after a conv/dense remains; only BN parameters went (plus new biases)
        NetworkGraph graph = NetworkGraph.of(inference);
        assertTrue(graph.nodes().stream().noneMatch(n -> n.kind() == LayerKind.BATCH_NORM), what);
        InferenceForm.Changes changes = InferenceForm.changes(net);
        long biasesAdded = 0;
        for (String bn : changes.foldedBatchNorms()) {
            String producer = NetworkGraph.of(net).node(bn).inputs().get(0);
            if (!net.getLayer(producer).paramTable().containsKey("b")) {
                biasesAdded += net.getLayer(bn).getParam("gamma").length();
            }
        }
        assertEquals(net.numParams() - batchNormParams(net) + biasesAdded, inference.numParams(), what);
        assertEquals(net.getVertices().length - changes.foldedBatchNorms().size() - changes.foldedActivations().size()
                - changes.droppedIdentities().size(), inference.getVertices().length, what);

        // an ordinary network: it saves and loads to the same outputs
        ComputationGraph loaded = ModelIO.fromBytes(ModelIO.toBytes(inference, false), what);
        assertEquals(inference.outputSingle(false, x), loaded.outputSingle(false, x), what);
    }

    @Test
    void smallCnnVggAndResnetInInferenceFormGiveTheTrainingFormsOutputs() {
        assertEquivalent(net(ModelFamily.SMALL_CNN, 1.0, 3), "small CNN");
        assertEquivalent(net(ModelFamily.VGG11_BN, 0.25, 4), "VGG11-BN 1/4");
        assertEquivalent(net(ModelFamily.RESNET18, 0.25, 5), "ResNet18 1/4");
        assertEquivalent(net(ModelFamily.MLP, 0.25, 6), "MLP 1/4");
    }

    @Test
    void everyBatchNormAndEveryReluAfterAConvIsFoldedAndResidualBlocksKeepTheirAdds() {
        ComputationGraph vgg = net(ModelFamily.VGG11_BN, 0.25, 1);
        InferenceForm.Changes v = InferenceForm.changes(vgg);
        assertEquals(8, v.foldedBatchNorms().size());
        assertEquals(8, v.foldedActivations().size());

        ComputationGraph resnet = net(ModelFamily.RESNET18, 0.25, 1);
        InferenceForm.Changes r = InferenceForm.changes(resnet);
        // 1 stem + 8 blocks x 2 + 3 projection shortcuts
        assertEquals(20, r.foldedBatchNorms().size());
        assertTrue(r.foldedBatchNorms().contains("layer2.0.shortcut.1"));
        // stem ReLU and the ReLU inside each block into their convolutions, the ReLU after each add into the add
        assertEquals(17, r.foldedActivations().size());
        assertTrue(r.foldedActivations().contains("layer1.0.relu2"));
        ComputationGraph inference = InferenceForm.of(resnet);
        Map<String, org.deeplearning4j.nn.conf.graph.GraphVertex> vertices = inference.getConfiguration().getVertices();
        assertTrue(!vertices.containsKey("layer1.0.relu2"));
        for (int layer = 1; layer <= 4; layer++) {
            for (int block = 0; block < 2; block++) {
                String add = "layer" + layer + "." + block + ".add";
                assertTrue(vertices.get(add) instanceof AddActivationVertex a
                        && a.getActivation() instanceof ActivationReLU, add + " is " + vertices.get(add));
            }
        }
        // the identity shortcut now reads the stem convolution, whose ReLU it carries
        assertEquals(java.util.List.of("layer1.0.conv2", "conv1"),
                inference.getConfiguration().getVertexInputs().get("layer1.0.add"));
        // the next block reads the add, which carries the ReLU
        assertEquals(java.util.List.of("layer1.0.add"), inference.getConfiguration().getVertexInputs().get("layer1.1.conv1"));
    }

    @Test
    void prunedNetworksConvert() {
        for (ModelFamily family : new ModelFamily[] {ModelFamily.VGG11_BN, ModelFamily.RESNET18}) {
            ComputationGraph net = net(family, 0.25, 8);
            ComputationGraph pruned = Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(net, PruningPlan.allGroups(0.5));
            assertEquivalent(pruned, family + " pruned 50%");
        }
    }

    @Test
    void anInferenceFormWithFusedAddsHasTheSameChannelGroupsAndCanBePruned() {
        ComputationGraph resnet = net(ModelFamily.RESNET18, 0.25, 10);
        ComputationGraph inference = InferenceForm.of(resnet);
        // a fused add couples its inputs' channels as the add did
        assertEquals(org.splitfuse.core.graph.ChannelGroups.of(resnet).count(),
                org.splitfuse.core.graph.ChannelGroups.of(inference).count());
        ComputationGraph pruned = Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(inference, PruningPlan.allGroups(0.5));
        assertTrue(pruned.getConfiguration().getVertices().get("layer1.0.add") instanceof AddActivationVertex);
        INDArray x = Networks.input(FASHION, 4, 5);
        assertEquals(4, pruned.outputSingle(false, x).size(0));
    }

    /** The control: folding without eps is off by more than the tolerance, so the equality test can fail. */
    @Test
    void foldingWithoutEpsIsDetected() {
        for (ModelFamily family : new ModelFamily[] {ModelFamily.SMALL_CNN, ModelFamily.RESNET18}) {
            ComputationGraph net = net(family, 0.25, 9);
            INDArray x = Networks.input(FASHION, 32, 5);
            double[] d = difference(net, InferenceForm.of(net, BatchNormFolding.Variant.PAPER_CODE), x);
            assertTrue(d[1] > 100 * TOLERANCE, family + ": folding without eps differs by only " + d[1]);
        }
    }

    @Test
    void aNetworkWithoutBatchNormsOrActivationLayersIsCopiedUnchanged() {
        ComputationGraph mlp = net(ModelFamily.MLP, 0.25, 2);
        InferenceForm.Changes c = InferenceForm.changes(mlp);
        assertTrue(c.foldedBatchNorms().isEmpty() && c.foldedActivations().isEmpty() && c.droppedIdentities().isEmpty());
        ComputationGraph inference = InferenceForm.of(mlp);
        assertEquals(mlp.params(), inference.params());
        Map<String, ?> vertices = inference.getConfiguration().getVertices();
        assertEquals(mlp.getConfiguration().getVertices().keySet(), vertices.keySet());
    }
}
