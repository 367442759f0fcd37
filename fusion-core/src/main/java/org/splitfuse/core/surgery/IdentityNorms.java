package org.splitfuse.core.surgery;

import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.graph.Slice;

/**
 * BatchNorms in identity form (after folding: gamma 1, mean 0, var + eps 1, beta a plain bias), or
 * that form with one variance for all channels (the published code's folding leaves var 1): the
 * BatchNorm is then one scale for every channel plus beta. Only in this form can a merging channel
 * map pass through a BatchNorm: beta is merged like a bias and the constant parameters keep their values.
 */
final class IdentityNorms {

    private static final double TOLERANCE = 1e-5;

    private IdentityNorms() {
    }

    static void merge(Map<String, INDArray> table, BatchNormalization bn, Slice s, int n, ChannelMap map) {
        if (bn.isLockGammaBeta() || !isIdentity(table, bn, s.offset(), n)) {
            throw new IllegalStateException("BatchNorm '" + s.vertex() + "' must be folded into the layer before it "
                    + "(BatchNormFolding.fold) before a merging channel map can pass through it");
        }
        int m = map.targetCount();
        int[] firstM = new int[m];
        java.util.Arrays.setAll(firstM, i -> i);
        ChannelMap constant = ChannelMap.selection(n, firstM);
        for (SliceParams.Axis axis : SliceParams.norm(bn)) {
            ChannelMap use = axis.key().equals(SliceParams.BETA) ? map : constant;
            table.put(axis.key(), AxisMaps.apply(table.get(axis.key()), 0, s.offset(), n, 1, use, true));
        }
    }

    static boolean isIdentity(Map<String, INDArray> table, BatchNormalization bn, int offset, int n) {
        INDArray spread = table.get(bn.isUseLogStd() ? SliceParams.LOG_STD : SliceParams.VAR);
        double common = spread.getDouble(offset);
        for (int c = offset; c < offset + n; c++) {
            if (Math.abs(table.get(SliceParams.GAMMA).getDouble(c) - 1) > TOLERANCE
                    || Math.abs(table.get(SliceParams.MEAN).getDouble(c)) > TOLERANCE
                    || Math.abs(spread.getDouble(c) - common) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
