package org.splitfuse.core.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as the safetensors format stores it: dtype name, shape, and the row-major little-endian
 * bytes. Immutable: the arrays are copied in and out, so a file once read cannot be changed by a caller.
 *
 * @param dtype a {@link DType} name such as "F32"; shape [] is a scalar
 */
public record RawTensor(String dtype, long[] shape, byte[] data) {

    public RawTensor {
        DType type = DType.parse(dtype);
        shape = shape.clone();
        long expected = elementCount(shape) * type.byteSize();
        if (expected != data.length) {
            throw new IllegalArgumentException(dtype + " tensor of shape " + Arrays.toString(shape)
                    + " needs " + expected + " bytes, got " + data.length);
        }
        data = data.clone();
    }

    /** A float32 tensor from values in row-major order. */
    public static RawTensor ofFloats(long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new RawTensor(DType.F32.name(), shape, bytes.array());
    }

    /** An int64 scalar (shape []), the form of PyTorch's num_batches_tracked. */
    public static RawTensor scalarI64(long value) {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return new RawTensor(DType.I64.name(), new long[0], bytes.array());
    }

    /**
     * Product of the dimensions (1 for a scalar).
     *
     * @throws IllegalArgumentException for a negative dimension or a product beyond a long
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    public DType type() {
        return DType.parse(dtype);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int byteLength() {
        return data.length;
    }

    /** A read-only little-endian view of the bytes, without copying them. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The values of an F32 tensor in row-major order. */
    public float[] toFloats() {
        if (type() != DType.F32) {
            throw new IllegalStateException("not an F32 tensor: " + dtype);
        }
        float[] values = new float[data.length / 4];
        buffer().asFloatBuffer().get(values);
        return values;
    }

    /** The value of an I64 scalar. */
    public long toLongScalar() {
        if (type() != DType.I64 || shape.length != 0) {
            throw new IllegalStateException("not an I64 scalar: " + dtype + " " + Arrays.toString(shape));
        }
        return buffer().getLong(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTensor t && dtype.equals(t.dtype)
                && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
