package org.splitfuse.core.fuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.graph.Slice;
import org.splitfuse.core.ot.CostMatrix;
import org.splitfuse.core.ot.TransportSolver;
import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;
import org.splitfuse.core.surgery.PairingVectors;
import org.splitfuse.core.surgery.TransportMaps;
import org.splitfuse.core.train.NativeMemoryGuard;

/**
 * Aligns one model's neurons to a target model's, group by group from the input (in the order of
 * each group's first writer): the cost between
 * the model's and the target's neurons, exact OT with uniform marginals, the plan normalised per
 * target (T diag(1/nu)), applied to the model's producers and consumers as one channel map. Each
 * group is applied before the next is costed, so incoming weights are compared with their inputs
 * already aligned. Both networks must have BatchNorms folded (identity form).
 */
final class GroupAlignment {

    private GroupAlignment() {
    }

    static ComputationGraph align(ComputationGraph model, ComputationGraph target, AlignmentKind kind, INDArray samples) {
        ChannelGroups targetGroups = ChannelGroups.of(target);
        requireSameGroups(ChannelGroups.of(model), targetGroups);
        NetworkGraph graph = NetworkGraph.of(target);
        Set<Integer> aligned = new HashSet<>();
        ComputationGraph current = model;
        for (int id : inputFirst(targetGroups, graph)) {
            ChannelGroups groups = ChannelGroups.of(current);
            ChannelGroup mine = groups.get(id);
            ChannelGroup theirs = targetGroups.get(id);
            double[][] cost;
            if (kind == AlignmentKind.WEIGHT) {
                Set<String> ready = writersWithAlignedInputs(targetGroups, theirs, aligned);
                cost = CostMatrix.euclidean(incomingRows(current, mine, ready), incomingRows(target, theirs, ready));
            } else {
                cost = CostMatrix.euclidean(PreActivations.ofGroup(current, mine, samples), PreActivations.ofGroup(target, theirs, samples));
            }
            ChannelMap map = TransportMaps.averaging(TransportSolver.exact().solve(uniform(mine.size()), uniform(theirs.size()), cost));
            current = NetworkSurgery.apply(current, groups, Map.of(id, map));
            aligned.add(id);
            NativeMemoryGuard.shared().check();
        }
        return current;
    }

    /** Groups by their first writer in topological order: every group's first writer reads aligned groups only. */
    private static List<Integer> inputFirst(ChannelGroups groups, NetworkGraph graph) {
        List<Integer> ids = new ArrayList<>();
        for (ChannelGroup g : groups.all()) {
            ids.add(g.id());
        }
        ids.sort(Comparator.comparingInt(id -> groups.get(id).producers().stream()
                .mapToInt(p -> graph.node(p.vertex()).order()).min().orElse(0)));
        return ids;
    }

    /**
     * Writers of the group whose input channels are all aligned already (or fixed network inputs):
     * only their incoming weights are comparable. A residual stream's later writers read groups
     * that themselves read the stream; its first writer always qualifies.
     */
    private static Set<String> writersWithAlignedInputs(ChannelGroups groups, ChannelGroup group, Set<Integer> aligned) {
        Set<String> ready = new HashSet<>();
        for (Slice writer : group.producers()) {
            boolean inputsAligned = true;
            for (ChannelGroup other : groups.all()) {
                for (Slice s : other.consumers()) {
                    if (s.vertex().equals(writer.vertex()) && !aligned.contains(other.id())) {
                        inputsAligned = false;
                    }
                }
            }
            if (inputsAligned) {
                ready.add(writer.vertex());
            }
        }
        if (ready.isEmpty()) {
            throw new IllegalStateException("no writer of " + group + " has aligned inputs");
        }
        return ready;
    }

    /**
     * Incoming weight rows with biases (the folded BatchNorms' beta for bias-free layers) of the
     * given writers, concatenated.
     */
    private static double[][] incomingRows(ComputationGraph net, ChannelGroup group, Set<String> writers) {
        NetworkGraph graph = NetworkGraph.of(net);
        ChannelGroup incoming = new ChannelGroup(group.id(), group.size(), group.slices().stream()
                .filter(s -> s.role() == Slice.Role.PRODUCER ? writers.contains(s.vertex())
                        : s.role() == Slice.Role.NORM && writers.contains(graph.node(s.vertex()).inputs().get(0)))
                .toList());
        return PairingVectors.raw(net, incoming, true);
    }

    private static double[] uniform(int n) {
        double[] m = new double[n];
        java.util.Arrays.fill(m, 1.0 / n);
        return m;
    }

    private static void requireSameGroups(ChannelGroups a, ChannelGroups b) {
        if (a.count() != b.count()) {
            throw new IllegalArgumentException("models to fuse must share an architecture: " + a.count() + " and "
                    + b.count() + " channel groups");
        }
        for (int id = 0; id < a.count(); id++) {
            var va = a.get(id).slices().stream().map(s -> s.vertex() + s.role()).sorted().toList();
            var vb = b.get(id).slices().stream().map(s -> s.vertex() + s.role()).sorted().toList();
            if (!va.equals(vb)) {
                throw new IllegalArgumentException("models to fuse must share an architecture: group " + id
                        + " differs (" + a.get(id) + " vs " + b.get(id) + ")");
            }
        }
    }
}
