package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.ChannelMap;
import org.splitfuse.core.surgery.NetworkSurgery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;

/**
 * Runs a {@link PruningPlan}: per step, importance per group, a channel map per group from the
 * map source, one surgery, then (when given inputs) {@link ActivationRepair#afterPruning REPAIR}
 * of the surviving channels' statistics. The same loop serves default pruning and Intra-Fusion.
 */
public final class Pruner {

    /** Called after each step with the pruned network; returns the network to continue from (e.g. fine-tuned). */
    @FunctionalInterface
    public interface StepListener {
        ComputationGraph afterStep(int step, int steps, ComputationGraph net);
    }

    private final Importance importance;
    private final ChannelMapSource maps;
    private final INDArray repairSamples;
    private final ActivationRepair.Target repairTarget;

    public Pruner(Importance importance, ChannelMapSource maps) {
        this(importance, maps, null, ActivationRepair.Target.MEASURED);
    }

    private Pruner(Importance importance, ChannelMapSource maps, INDArray repairSamples, ActivationRepair.Target repairTarget) {
        this.importance = importance;
        this.maps = maps;
        this.repairSamples = repairSamples;
        this.repairTarget = repairTarget;
    }

    /** This pruner with REPAIR after every step on {@code samples} (null: none), toward {@code target}. */
    public Pruner withRepair(INDArray samples, ActivationRepair.Target target) {
        return new Pruner(importance, maps, samples, target);
    }

    /** Default pruning: keep the most important channels. */
    public static Pruner keepMostImportant(Importance importance) {
        return new Pruner(importance, new KeepMostImportant());
    }

    public ComputationGraph prune(ComputationGraph net, PruningPlan plan) {
        return prune(net, plan, (step, steps, n) -> n);
    }

    public ComputationGraph prune(ComputationGraph net, PruningPlan plan, StepListener listener) {
        ChannelGroups initial = ChannelGroups.of(net);
        List<Integer> ids = selected(initial, plan);
        Map<Integer, Integer> originalSize = new LinkedHashMap<>();
        for (int id : ids) {
            originalSize.put(id, initial.get(id).size());
        }
        ComputationGraph current = net;
        for (int step = 1; step <= plan.steps(); step++) {
            double sparsity = plan.sparsity() * step / plan.steps();
            ComputationGraph prepared = maps.prepare(current);
            ChannelGroups groups = ChannelGroups.of(prepared);
            if (groups.count() != initial.count()) {
                throw new IllegalStateException("the network's groups changed between pruning steps");
            }
            if (maps.groupsInTurn() && plan.ranking() == PruningPlan.Ranking.PER_GROUP) {
                current = listener.afterStep(step, plan.steps(), inTurn(prepared, ids, perGroupKeep(originalSize, sparsity)));
                continue;
            }
            Map<Integer, double[]> scores = new LinkedHashMap<>();
            for (int id : ids) {
                scores.put(id, importance.score(prepared, groups.get(id)));
            }
            Map<Integer, Integer> keep = plan.ranking() == PruningPlan.Ranking.GLOBAL
                    ? globalKeep(scores, originalSize, sparsity)
                    : perGroupKeep(originalSize, sparsity);
            Map<Integer, ChannelMap> channelMaps = new LinkedHashMap<>();
            for (int id : ids) {
                ChannelGroup group = groups.get(id);
                int m = Math.min(group.size(), keep.get(id));
                if (m < group.size()) {
                    channelMaps.put(id, maps.map(prepared, group, scores.get(id), m));
                }
            }
            ComputationGraph before = current;
            current = channelMaps.isEmpty() ? prepared : NetworkSurgery.apply(prepared, groups, channelMaps);
            if (repairSamples != null && !channelMaps.isEmpty()) {
                current = ActivationRepair.afterPruning(before, channelMaps, current, repairSamples, repairTarget);
            }
            current = listener.afterStep(step, plan.steps(), current);
        }
        return current;
    }

    /**
     * One group after another, nearest the output (lowest id) first, each on the previous one's result
     * (and repaired, when this pruner repairs, before the next one is ranked).
     */
    private ComputationGraph inTurn(ComputationGraph net, List<Integer> ids, Map<Integer, Integer> keep) {
        ComputationGraph current = net;
        for (int id : ids.stream().sorted().toList()) {
            ChannelGroups groups = ChannelGroups.of(current);
            ChannelGroup group = groups.get(id);
            int m = Math.min(group.size(), keep.get(id));
            if (m < group.size()) {
                double[] score = importance.score(current, group);
                Map<Integer, ChannelMap> map = Map.of(id, maps.map(current, group, score, m));
                ComputationGraph pruned = NetworkSurgery.apply(current, groups, map);
                // each group is a step of its own here, so REPAIR follows each one
                current = repairSamples == null ? pruned
                        : ActivationRepair.afterPruning(current, map, pruned, repairSamples, repairTarget);
            }
        }
        return current;
    }

    private static List<Integer> selected(ChannelGroups groups, PruningPlan plan) {
        if (plan.allGroupsSelected()) {
            List<Integer> all = new ArrayList<>();
            for (ChannelGroup g : groups.all()) {
                all.add(g.id());
            }
            return all;
        }
        for (int id : plan.groups()) {
            groups.get(id);
        }
        return plan.groups().stream().distinct().toList();
    }

    private static Map<Integer, Integer> perGroupKeep(Map<Integer, Integer> sizes, double sparsity) {
        Map<Integer, Integer> keep = new LinkedHashMap<>();
        sizes.forEach((id, n) -> keep.put(id, PruningPlan.keepCount(n, sparsity)));
        return keep;
    }

    /** The same total as per-group pruning, taken from the highest scores over all selected groups. */
    private static Map<Integer, Integer> globalKeep(Map<Integer, double[]> scores, Map<Integer, Integer> sizes,
                                                    double sparsity) {
        int total = perGroupKeep(sizes, sparsity).values().stream().mapToInt(Integer::intValue).sum();
        record Entry(int group, double score) {
        }
        List<Entry> all = new ArrayList<>();
        scores.forEach((id, s) -> {
            for (double v : s) {
                all.add(new Entry(id, v));
            }
        });
        all.sort(Comparator.comparingDouble((Entry e) -> -e.score()));
        Map<Integer, Integer> keep = new LinkedHashMap<>();
        sizes.keySet().forEach(id -> keep.put(id, 0));
        for (int k = 0; k < Math.min(total, all.size()); k++) {
            keep.merge(all.get(k).group(), 1, Integer::sum);
        }
        keep.replaceAll((id, m) -> Math.max(1, m));
        return keep;
    }
}
