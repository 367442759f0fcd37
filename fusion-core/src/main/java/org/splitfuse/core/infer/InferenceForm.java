package org.splitfuse.core.infer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.model.NativeHelpers;
import org.splitfuse.core.surgery.BatchNormFolding;

/**
 * The inference form of a network, for evaluation and export: an ordinary ComputationGraph with
 * the same outputs in inference mode (up to float rounding) and fewer, cheaper vertices.
 *
 * <ul>
 *   <li>every BatchNorm that {@link BatchNormFolding} folds (it directly follows a convolution or
 *       dense layer that nothing else reads) is folded into that layer's weights and bias, with the
 *       BatchNorm's own eps, and removed; a producer without a bias (ResNet's convolutions) gains
 *       one, which carries the BatchNorm's shift;</li>
 *   <li>an ActivationLayer that directly follows a convolution or dense layer with the identity
 *       activation (after the step above: conv-BN-ReLU becomes conv-ReLU) becomes that layer's
 *       activation and is removed: DL4J applies a layer's activation in place on its output, where
 *       a separate ActivationLayer copies the whole tensor;</li>
 *   <li>an ActivationLayer that is the only reader of a residual add ({@code ElementWiseVertex(Add)})
 *       is folded into it: the add becomes an {@link AddActivationVertex} under the add's name, which
 *       writes the sum once and applies the activation in place (DL4J's add copies its first input
 *       and adds the others to the copy);</li>
 *   <li>identity ActivationLayers and DropoutLayers (the identity in inference) are removed.</li>
 * </ul>
 *
 * <p>Vertex names of what remains are unchanged, so a layer's parameters are found under the same
 * name in both forms. The argument is not modified. The result carries no updater state and is not
 * meant to be trained further (its BatchNorms are gone).
 */
public final class InferenceForm {

    static {
        NativeHelpers.enable();
    }

    private InferenceForm() {
    }

    /** What {@link #of} did: the vertices it removed and the layers it changed. */
    public record Changes(List<String> foldedBatchNorms, List<String> foldedActivations, List<String> droppedIdentities) {
    }

    public static ComputationGraph of(ComputationGraph net) {
        return of(net, BatchNormFolding.Variant.EXACT);
    }

    /** The vertices {@link #of} removes, by reason. */
    public static Changes changes(ComputationGraph net) {
        return plan(net.getConfiguration()).changes();
    }

    /** The variant is a parameter only so that a test can show that folding without eps is detected. */
    static ComputationGraph of(ComputationGraph net, BatchNormFolding.Variant variant) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        Plan plan = plan(conf);
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        for (Map.Entry<String, String> e : plan.activationTo().entrySet()) {
            IActivation activation = ((ActivationLayer) layerConf(vertices.get(e.getKey()))).getActivationFn();
            if (vertices.get(e.getValue()) instanceof ElementWiseVertex) {
                vertices.put(e.getValue(), new AddActivationVertex(activation));
            } else {
                ((BaseLayer) layerConf(vertices.get(e.getValue()))).setActivationFn(activation);
            }
        }
        for (String producer : plan.biasAdded()) {
            BaseLayer layer = (BaseLayer) layerConf(vertices.get(producer));
            if (layer instanceof ConvolutionLayer c) {
                c.setHasBias(true);
            } else {
                ((DenseLayer) layer).setHasBias(true);
            }
        }
        for (String removed : plan.removed().keySet()) {
            vertices.remove(removed);
            inputs.remove(removed);
        }
        for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
            List<String> rewired = new ArrayList<>();
            for (String in : e.getValue()) {
                rewired.add(plan.source(in));
            }
            e.setValue(rewired);
        }
        List<String> outputs = new ArrayList<>();
        for (String out : conf.getNetworkOutputs()) {
            outputs.add(plan.source(out));
        }
        conf.setNetworkOutputs(outputs);
        // the clone carries the training form's cached order, which names the removed vertices
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);

        ComputationGraph folded = BatchNormFolding.fold(net, variant);
        ComputationGraph inference = new ComputationGraph(conf);
        inference.init();
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : inference.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) {
                continue;
            }
            Layer source = folded.getLayer(v.getVertexName());
            for (Map.Entry<String, INDArray> p : v.getLayer().paramTable().entrySet()) {
                INDArray value = source.paramTable().get(p.getKey());
                if (value == null) {
                    // the bias a bias-less producer gained: the folded BatchNorm's beta is its shift
                    value = folded.getLayer(plan.biasFrom().get(v.getVertexName())).getParam("beta");
                }
                p.getValue().assign(value.reshape(p.getValue().shape()));
            }
        }
        return inference;
    }

    private record Plan(Map<String, String> removed, List<String> foldedBatchNorms, List<String> foldedActivations,
                        List<String> droppedIdentities, Map<String, String> activationTo,
                        Set<String> biasAdded, Map<String, String> biasFrom) {

        /** The vertex whose output a removed vertex passed on. */
        String source(String name) {
            String s = name;
            while (removed.containsKey(s)) {
                s = removed.get(s);
            }
            return s;
        }

        Changes changes() {
            return new Changes(List.copyOf(foldedBatchNorms), List.copyOf(foldedActivations), List.copyOf(droppedIdentities));
        }
    }

    private static Plan plan(ComputationGraphConfiguration conf) {
        NetworkGraph graph = NetworkGraph.of(conf);
        Map<String, String> removed = new LinkedHashMap<>();
        List<String> bns = new ArrayList<>();
        List<String> activations = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        Map<String, String> activationTo = new LinkedHashMap<>();
        Set<String> biasAdded = new TreeSet<>();
        Map<String, String> biasFrom = new HashMap<>();
        for (GraphNode bn : BatchNormFolding.foldable(graph)) {
            GraphNode producer = graph.node(bn.inputs().get(0));
            removed.put(bn.name(), producer.name());
            bns.add(bn.name());
            if (!hasBias(producer)) {
                biasAdded.add(producer.name());
                biasFrom.put(producer.name(), bn.name());
            }
        }
        for (GraphNode node : graph.nodes()) {
            if (node.preProcessor() != null || graph.isNetworkOutput(node.name())) {
                continue;
            }
            if (node.layer() instanceof ActivationLayer a) {
                if (a.getActivationFn() instanceof ActivationIdentity) {
                    removed.put(node.name(), node.inputs().get(0));
                    identities.add(node.name());
                    continue;
                }
                String in = source(removed, node.inputs().get(0));
                GraphNode producer = graph.node(in);
                boolean layer = producer.kind() == LayerKind.CONVOLUTION || producer.kind() == LayerKind.DENSE;
                boolean sole = !activationTo.containsValue(in) && effectiveReaders(graph, removed, in) == 1
                        && !graph.isNetworkOutput(in);
                if (layer && sole && ((BaseLayer) producer.layer()).getActivationFn() instanceof ActivationIdentity) {
                    removed.put(node.name(), node.inputs().get(0));
                    activationTo.put(node.name(), in);
                    activations.add(node.name());
                } else if (sole && conf.getVertices().get(in) instanceof ElementWiseVertex add
                        && add.getOp() == ElementWiseVertex.Op.Add) {
                    // the residual add and its ReLU become one AddActivationVertex under the add's name
                    removed.put(node.name(), node.inputs().get(0));
                    activationTo.put(node.name(), in);
                    activations.add(node.name());
                }
            } else if (node.layer() instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer) {
                removed.put(node.name(), node.inputs().get(0));
                identities.add(node.name());
            }
        }
        return new Plan(removed, bns, activations, identities, activationTo, biasAdded, biasFrom);
    }

    private static String source(Map<String, String> removed, String name) {
        String s = name;
        while (removed.containsKey(s)) {
            s = removed.get(s);
        }
        return s;
    }

    /** How many kept-or-pending vertices read the producer's output once the removed ones pass it on. */
    private static int effectiveReaders(NetworkGraph graph, Map<String, String> removed, String producer) {
        int count = 0;
        for (GraphNode n : graph.nodes()) {
            for (String in : n.inputs()) {
                if (source(removed, in).equals(producer) && !removed.containsKey(n.name())) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean hasBias(GraphNode producer) {
        return producer.layer() instanceof ConvolutionLayer c ? c.hasBias() : ((DenseLayer) producer.layer()).hasBias();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layerConf(GraphVertex vertex) {
        return ((LayerVertex) vertex).getLayerConf().getLayer();
    }
}
