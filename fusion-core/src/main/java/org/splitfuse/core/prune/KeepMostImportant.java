package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.BatchNormFolding;
import org.splitfuse.core.surgery.ChannelMap;

import java.util.Arrays;
import java.util.Comparator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.graph.ChannelGroup;

/**
 * Default pruning: keep the most important channels (ties to the lower index), in their original
 * order. Optionally every BatchNorm is folded first, so that channels are ranked on the folded
 * weights (the published code's default pruning).
 */
public final class KeepMostImportant implements ChannelMapSource {

    private final BatchNormFolding.Variant foldFirst;

    /** Ranks on the network as it is (weights and BatchNorm |gamma| apart). */
    public KeepMostImportant() {
        this.foldFirst = null;
    }

    public KeepMostImportant(BatchNormFolding.Variant foldFirst) {
        this.foldFirst = foldFirst;
    }

    @Override
    public ComputationGraph prepare(ComputationGraph net) {
        return foldFirst == null ? net : BatchNormFolding.fold(net, foldFirst);
    }

    @Override
    public ChannelMap map(ComputationGraph net, ChannelGroup group, double[] importance, int keep) {
        return ChannelMap.selection(group.size(), topIndices(importance, keep));
    }

    /** Indices of the {@code keep} highest scores, ascending. */
    public static int[] topIndices(double[] scores, int keep) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        int[] kept = new int[keep];
        for (int k = 0; k < keep; k++) {
            kept[k] = order[k];
        }
        Arrays.sort(kept);
        return kept;
    }

    @Override
    public String name() {
        return "default";
    }
}
