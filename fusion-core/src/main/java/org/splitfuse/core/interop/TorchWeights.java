package org.splitfuse.core.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves weights between a DL4J {@link ComputationGraph} and a PyTorch state_dict stored as safetensors
 * ({@code safetensors.torch.save_file(model.state_dict(), path)}). A vertex name is the PyTorch module name;
 * the tensor names are then:
 * <ul>
 *   <li>convolution: {@code v.weight} [out, in, kH, kW] (DL4J W, same layout), {@code v.bias} (b);</li>
 *   <li>dense and output layers: {@code v.weight} [out, in] (DL4J W [in, out], transposed), {@code v.bias};</li>
 *   <li>BatchNorm: {@code v.weight} (gamma), {@code v.bias} (beta), {@code v.running_mean} (mean),
 *       {@code v.running_var} (var), and {@code v.num_batches_tracked}, an I64 scalar with no DL4J
 *       counterpart: accepted on import, written on export.</li>
 * </ul>
 * Parameters are F32. Values are copied bit for bit, except for a BatchNorm built with DL4J's default
 * {@code useLogStd(true)}: it stores log10(sqrt(var + eps)), so running_var passes through a log and a power
 * and comes back only to within float rounding. The zoo builds BatchNorm with {@code useLogStd(false)}.
 *
 * <p>The flatten before a dense layer must match PyTorch's {@code x.view(n, -1)} on NCHW: true of the zoo,
 * whose graphs are NCHW.
 */
public final class TorchWeights {

    private TorchWeights() {
    }

    /**
     * Sets every parameter of the graph from the file. Everything is checked first: on any missing,
     * unexpected, wrongly shaped or wrongly typed tensor, a {@link TorchWeightsException} lists all of them
     * and the graph is left as it was.
     */
    public static void importInto(ComputationGraph graph, SafeTensorFile file) {
        TorchNames.Mapping mapping = TorchNames.of(graph);
        List<String> problems = new ArrayList<>(mapping.problems());
        Map<TorchParam, INDArray> staged = new LinkedHashMap<>();
        for (TorchParam p : mapping.params()) {
            INDArray target = graph.getLayer(p.vertex()).getParam(p.key());
            long[] expectedShape = p.torchShape(target);
            RawTensor tensor = file.tensors().get(p.torchName());
            if (tensor == null) {
                problems.add(p.torchName() + ": missing (expected F32 of shape " + TorchParam.shapeText(expectedShape) + ")");
            } else if (tensor.type() != DType.F32) {
                problems.add(p.torchName() + ": dtype " + tensor.dtype() + " is not supported, expected F32");
            } else if (!Arrays.equals(expectedShape, tensor.shape())) {
                problems.add(p.torchName() + ": expected shape " + TorchParam.shapeText(expectedShape)
                        + ", found " + TorchParam.shapeText(tensor.shape()));
            } else {
                staged.put(p, p.toDl4j(tensor.toFloats(), target));
            }
        }
        Set<String> known = mapping.params().stream().map(TorchParam::torchName).collect(Collectors.toSet());
        for (Map.Entry<String, RawTensor> e : file.tensors().entrySet()) {
            String name = e.getKey();
            if (known.contains(name)) {
                continue;
            }
            String bn = batchNormOfBuffer(name, mapping);
            if (bn == null) {
                problems.add(name + ": unexpected tensor (the graph has no parameter of this name)");
            } else {
                checkBuffer(name, e.getValue(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new TorchWeightsException(file.messagePrefix() + problems.size()
                    + " problem(s) mapping the tensors onto the graph; no parameter was changed", problems);
        }
        staged.forEach((p, value) -> graph.getLayer(p.vertex()).setParam(p.key(), value));
    }

    /**
     * Reads a safetensors file and imports it: {@link SafeTensors#read} then {@link #importInto}. A damaged
     * file fails in the read, before the graph is touched.
     */
    public static void importInto(ComputationGraph graph, Path file) throws IOException {
        importInto(graph, SafeTensors.read(file));
    }

    /** The graph's parameters under their PyTorch names, with num_batches_tracked 0 for every BatchNorm. */
    public static SafeTensorFile export(ComputationGraph graph) {
        return export(graph, Map.of());
    }

    /**
     * The graph's parameters under their PyTorch names and layouts, in the graph's topological order.
     * Every BatchNorm also gets {@code num_batches_tracked} (PyTorch's strict load_state_dict requires it):
     * from {@code buffers} when given there (see {@link #buffers}), else I64 0.
     *
     * @throws TorchWeightsException for a buffer that names no BatchNorm of the graph or is not an I64 scalar,
     *                               or a parameterised layer with no PyTorch counterpart
     */
    public static SafeTensorFile export(ComputationGraph graph, Map<String, RawTensor> buffers) {
        TorchNames.Mapping mapping = TorchNames.of(graph);
        List<String> problems = new ArrayList<>(mapping.problems());
        buffers.forEach((name, tensor) -> {
            if (batchNormOfBuffer(name, mapping) == null) {
                problems.add(name + ": not a num_batches_tracked buffer of a BatchNorm of this graph");
            } else {
                checkBuffer(name, tensor, problems);
            }
        });
        if (!problems.isEmpty()) {
            throw new TorchWeightsException(problems.size() + " problem(s) exporting the graph", problems);
        }
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        String previousVertex = null;
        for (TorchParam p : mapping.params()) {
            if (previousVertex != null && !previousVertex.equals(p.vertex())) {
                addBuffer(previousVertex, mapping, buffers, tensors);
            }
            INDArray value = graph.getLayer(p.vertex()).getParam(p.key());
            tensors.put(p.torchName(), RawTensor.ofFloats(p.torchShape(value), p.toTorch(value)));
            previousVertex = p.vertex();
        }
        if (previousVertex != null) {
            addBuffer(previousVertex, mapping, buffers, tensors);
        }
        return new SafeTensorFile(tensors, Map.of());
    }

    /**
     * The tensors of a file that are buffers, not parameters (num_batches_tracked): pass them to
     * {@link #export(ComputationGraph, Map)} so that import, pruning and export keep them.
     */
    public static Map<String, RawTensor> buffers(SafeTensorFile file) {
        Map<String, RawTensor> buffers = new LinkedHashMap<>();
        file.tensors().forEach((name, tensor) -> {
            if (name.endsWith("." + TorchNames.NUM_BATCHES_TRACKED)) {
                buffers.put(name, tensor);
            }
        });
        return buffers;
    }

    private static void addBuffer(String vertex, TorchNames.Mapping mapping, Map<String, RawTensor> buffers,
                                  Map<String, RawTensor> tensors) {
        if (mapping.batchNormVertices().contains(vertex)) {
            String name = vertex + "." + TorchNames.NUM_BATCHES_TRACKED;
            tensors.put(name, buffers.getOrDefault(name, RawTensor.scalarI64(0)));
        }
    }

    /** The BatchNorm vertex whose num_batches_tracked this name is, or null. */
    private static String batchNormOfBuffer(String name, TorchNames.Mapping mapping) {
        String suffix = "." + TorchNames.NUM_BATCHES_TRACKED;
        if (!name.endsWith(suffix)) {
            return null;
        }
        String vertex = name.substring(0, name.length() - suffix.length());
        return mapping.batchNormVertices().contains(vertex) ? vertex : null;
    }

    private static void checkBuffer(String name, RawTensor tensor, List<String> problems) {
        if (tensor.type() != DType.I64 || tensor.shape().length != 0) {
            problems.add(name + ": expected an I64 scalar (shape []), found " + tensor.dtype() + " of shape "
                    + TorchParam.shapeText(tensor.shape()));
        }
    }
}
