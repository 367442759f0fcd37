package org.splitfuse.bench.prune;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward time of each vertex of a network in inference mode: the graph is walked in topological
 * order and every vertex is run {@code repeats} times on its real input (median), so the sum is
 * close to, but not exactly, one {@code outputSingle} (no workspaces, no fusion across vertices:
 * every output is a fresh allocation that is page-faulted in, which makes cheap element-wise
 * vertices look several times costlier than they are inside {@code outputSingle}).
 * Printed per vertex and summed per kind, to show where a pruned network's time goes.
 */
final class LayerProfile {

    private LayerProfile() {
    }

    static void print(String title, ComputationGraph net, INDArray input, int repeats) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        Map<String, INDArray> outputs = new HashMap<>();
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        double total = 0;
        StringBuilder lines = new StringBuilder();
        for (int index : net.topologicalSortOrder()) {
            GraphVertex v = net.getVertices()[index];
            INDArray out;
            if (v.isInputVertex()) {
                outputs.put(v.getVertexName(), input);
                continue;
            }
            VertexIndices[] in = v.getInputVertices();
            INDArray[] inputs = new INDArray[in.length];
            for (int i = 0; i < in.length; i++) {
                inputs[i] = outputs.get(net.getVertices()[in[i].getVertexIndex()].getVertexName());
            }
            double[] ms = new double[repeats];
            out = null;
            for (int r = -1; r < repeats; r++) {
                for (int i = 0; i < inputs.length; i++) {
                    v.setInput(i, inputs[i], noWorkspaces); // also makes a layer vertex hand it to its layer
                }
                long t0 = System.nanoTime();
                out = v.doForward(false, noWorkspaces);
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            outputs.put(v.getVertexName(), out);
            Arrays.sort(ms);
            double median = ms[repeats / 2];
            String kind = kind(v);
            byKind.merge(kind, median, Double::sum);
            total += median;
            lines.append(String.format("  %-22s %-14s %-22s %8.2f ms%n", v.getVertexName(), kind,
                    Arrays.toString(out.shape()), median));
        }
        System.out.printf("prune-bench: profile of %s (batch %d, median of %d per vertex): %.1f ms%n", title,
                input.size(0), repeats, total);
        System.out.print(lines);
        double t = total;
        byKind.forEach((k, ms) -> System.out.printf("  total %-14s %8.2f ms  %4.1f%%%n", k, ms, 100 * ms / t));
    }

    private static String kind(GraphVertex v) {
        if (v.hasLayer()) {
            String name = v.getLayer().conf().getLayer().getClass().getSimpleName();
            return name.replace("Layer", "").replace("Normalization", "Norm");
        }
        return v.getClass().getSimpleName().replace("Vertex", "").replace("Impl", "");
    }
}
