package org.splitfuse.core.fuse;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.graph.GraphNode;
import org.splitfuse.core.graph.LayerKind;
import org.splitfuse.core.surgery.SliceParams;

/** A writer's inputs as the rows of a least-squares fit ({@link LeastSquaresRefit}): which positions, and their values. */
final class WriterRows {

    private WriterRows() {
    }

    /** The layer's position in the network's layer array (what a partial feedForward counts). */
    static int layerIndex(ComputationGraph net, String layer) {
        Layer[] layers = net.getLayers();
        Layer wanted = net.getLayer(layer);
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == wanted) {
                return i;
            }
        }
        throw new IllegalStateException("no layer '" + layer + "'");
    }

    /** Sorted row indices: all rows, or a random subset of {@code most} (seeded by the writer's position). */
    static int[] pick(long total, int most, int seed) {
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many sample positions for a refit: " + total);
        }
        int all = (int) total;
        int[] rows = new int[all];
        for (int i = 0; i < all; i++) {
            rows[i] = i;
        }
        if (all <= most) {
            return rows;
        }
        Random random = new Random(seed);
        for (int i = 0; i < most; i++) { // partial Fisher-Yates
            int j = i + random.nextInt(all - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] subset = Arrays.copyOf(rows, most);
        Arrays.sort(subset);
        return subset;
    }

    /**
     * The writer's inputs as rows, one per sample position (sample-major, then output row and column,
     * as {@link PreActivations} orders a channel's values): im2col patches for a convolution, the
     * flattened input for a dense layer.
     */
    static INDArray design(GraphNode node, INDArray input, long positions) {
        if (node.kind() != LayerKind.CONVOLUTION) {
            return input.rank() > 2 ? input.reshape('c', input.size(0), input.length() / input.size(0)) : input;
        }
        ConvolutionLayer c = (ConvolutionLayer) node.layer();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        if (c.getConvolutionMode() == org.deeplearning4j.nn.conf.ConvolutionMode.Same) {
            throw new IllegalStateException("least-squares refit supports explicit padding only: '" + node.name() + "'");
        }
        INDArray cols = Convolution.im2col(input.dup('c'), k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], false);
        long n = cols.size(0);
        if (cols.size(4) * cols.size(5) != positions) {
            throw new IllegalStateException("writer '" + node.name() + "': im2col gives " + cols.size(4) + "x"
                    + cols.size(5) + " positions, its output has " + positions);
        }
        return cols.permute(0, 4, 5, 1, 2, 3).dup('c').reshape('c', n * positions, cols.size(1) * k[0] * k[1]);
    }
}
