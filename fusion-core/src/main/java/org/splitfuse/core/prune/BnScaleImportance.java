package org.splitfuse.core.prune;

import org.splitfuse.core.surgery.SliceParams;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.Slice;

/** |gamma| of the group's BatchNorms (Network Slimming), averaged over them, divided by its mean. */
public final class BnScaleImportance implements Importance {

    @Override
    public double[] score(ComputationGraph net, ChannelGroup group) {
        double[] total = new double[group.size()];
        int count = 0;
        for (Slice s : group.norms()) {
            Layer bn = net.getLayer(s.vertex());
            INDArray gamma = bn.paramTable().get(SliceParams.GAMMA);
            if (gamma == null) {
                continue;
            }
            ChannelReductions.add(total, ChannelReductions.reduce(gamma, 0, s.offset(), group.size(), 1,
                    ChannelReductions.Norm.L1));
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("bn-scale importance needs a BatchNorm with a learned gamma in "
                    + group + "; it has none");
        }
        for (int c = 0; c < total.length; c++) {
            total[c] /= count;
        }
        return ChannelReductions.normaliseByMean(total);
    }

    @Override
    public String name() {
        return "bn-scale";
    }
}
