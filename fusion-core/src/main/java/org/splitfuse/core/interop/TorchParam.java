package org.splitfuse.core.interop;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One DL4J parameter and the PyTorch tensor it corresponds to, with the layout change between them.
 *
 * @param torchName the state_dict key, e.g. "layer1.0.bn1.running_var"
 * @param vertex    the graph vertex (the PyTorch module name)
 * @param key       the DL4J parameter key within the layer, e.g. "var"
 * @param eps       the BatchNorm epsilon, used only by {@link Layout#LOG10_STD_AS_VAR}
 */
record TorchParam(String torchName, String vertex, String key, Layout layout, double eps) {

    /** How a PyTorch tensor's row-major values become a DL4J parameter and back. */
    enum Layout {
        /** Same shape and order in both: convolution weights [out, in, kH, kW]. */
        AS_IS,
        /** A per-channel vector: DL4J may keep it as [1, C], PyTorch as [C]. */
        VECTOR,
        /** Dense weights: DL4J [in, out], PyTorch Linear [out, in]. */
        TRANSPOSED,
        /** DL4J's log10(sqrt(var + eps)) against PyTorch's running_var; exact only up to rounding. */
        LOG10_STD_AS_VAR
    }

    /** The PyTorch shape of this parameter, given its DL4J array. */
    long[] torchShape(INDArray dl4j) {
        return switch (layout) {
            case AS_IS -> dl4j.shape();
            case VECTOR, LOG10_STD_AS_VAR -> new long[] {dl4j.length()};
            case TRANSPOSED -> new long[] {dl4j.size(1), dl4j.size(0)};
        };
    }

    /** A new array in the DL4J layout (shape of {@code target}) from PyTorch's row-major values. */
    INDArray toDl4j(float[] torchValues, INDArray target) {
        long[] shape = target.shape();
        return switch (layout) {
            case AS_IS, VECTOR -> Nd4j.create(torchValues, shape, 'c');
            case TRANSPOSED -> Nd4j.create(torchValues, new long[] {shape[1], shape[0]}, 'c').transpose();
            case LOG10_STD_AS_VAR -> {
                float[] log10Std = new float[torchValues.length];
                for (int i = 0; i < log10Std.length; i++) {
                    log10Std[i] = (float) Math.log10(Math.sqrt((double) torchValues[i] + eps));
                }
                yield Nd4j.create(log10Std, shape, 'c');
            }
        };
    }

    /** PyTorch's row-major values of a DL4J parameter. */
    float[] toTorch(INDArray dl4j) {
        INDArray torchOrder = layout == Layout.TRANSPOSED ? dl4j.transpose() : dl4j;
        float[] values = Nd4j.toFlattened('c', torchOrder.castTo(DataType.FLOAT)).toFloatVector();
        if (layout == Layout.LOG10_STD_AS_VAR) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (Math.pow(10.0, 2.0 * values[i]) - eps);
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return torchName + " <- " + vertex + "_" + key + " (" + layout + ")";
    }

    static String shapeText(long[] shape) {
        return Arrays.toString(shape);
    }
}
