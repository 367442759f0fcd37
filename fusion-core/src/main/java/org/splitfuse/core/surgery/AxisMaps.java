package org.splitfuse.core.surgery;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Applies a channel map to one axis of a parameter tensor: the axis holds channels of
 * {@code block} consecutive entries each, and the map replaces channels offset..offset+n-1.
 */
public final class AxisMaps {

    private AxisMaps() {
    }

    /** Channels of the axis as rows: [channels, block * (all other dimensions)], a copy in C order. */
    public static INDArray channelRows(INDArray t, int axis, int block) {
        long rows = t.size(axis);
        if (rows % block != 0) {
            throw new IllegalArgumentException("axis " + axis + " of length " + rows + " is not a multiple of " + block);
        }
        INDArray moved = t.rank() == 1 ? t : t.permute(axisFirst(t.rank(), axis));
        return moved.dup('c').reshape('c', rows / block, t.length() / (rows / block));
    }

    public static INDArray apply(INDArray t, int axis, int offset, int n, int block, ChannelMap map, boolean producerSide) {
        INDArray rows = channelRows(t, axis, block);
        long channels = rows.rows();
        if (offset + n > channels || map.sourceCount() != n) {
            throw new IllegalArgumentException("a channel map for " + map.sourceCount() + " channels does not fit "
                    + n + " channels at " + offset + " of an axis with " + channels);
        }
        INDArray mid = rows.get(NDArrayIndex.interval(offset, offset + n), NDArrayIndex.all());
        INDArray mapped;
        if (map.isSelection()) {
            mapped = mid.getRows(map.kept());
        } else {
            double[][] m = producerSide ? map.producer() : map.consumer();
            mapped = Nd4j.createFromArray(m).castTo(t.dataType()).mmul(mid);
        }
        INDArray joined = mapped;
        if (offset > 0 || offset + n < channels) {
            java.util.List<INDArray> parts = new java.util.ArrayList<>();
            if (offset > 0) {
                parts.add(rows.get(NDArrayIndex.interval(0, offset), NDArrayIndex.all()));
            }
            parts.add(mapped);
            if (offset + n < channels) {
                parts.add(rows.get(NDArrayIndex.interval(offset + n, channels), NDArrayIndex.all()));
            }
            joined = Nd4j.concat(0, parts.toArray(INDArray[]::new));
        }
        long[] movedShape = movedShape(t.shape(), axis);
        movedShape[0] = joined.rows() * (long) block;
        INDArray out = joined.reshape('c', movedShape);
        return t.rank() == 1 ? out : out.permute(inverse(axisFirst(t.rank(), axis))).dup('c');
    }

    private static int[] axisFirst(int rank, int axis) {
        int[] perm = new int[rank];
        perm[0] = axis;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != axis) {
                perm[j++] = i;
            }
        }
        return perm;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    private static long[] movedShape(long[] shape, int axis) {
        long[] moved = new long[shape.length];
        int[] perm = axisFirst(shape.length, axis);
        for (int i = 0; i < shape.length; i++) {
            moved[i] = shape[perm[i]];
        }
        return moved;
    }
}
