package org.splitfuse.core.interop;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A safetensors writer independent of {@link SafeTensors}: header by string concatenation, tensors in the
 * given order, no padding (valid: the format only requires the JSON to be N bytes). Tests build their input
 * files with it, so that a bug shared by SafeTensors' reader and writer cannot hide.
 */
final class MinimalSafeTensorsWriter {

    /** One tensor: dtype name, shape, little-endian bytes. */
    record Tensor(String dtype, long[] shape, byte[] data) {
    }

    private MinimalSafeTensorsWriter() {
    }

    static byte[] write(Map<String, Tensor> tensors) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (header.length() > 1) {
                header.append(',');
            }
            Tensor t = e.getValue();
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                header.append(i == 0 ? "" : ",").append(t.shape()[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.data().length).append("]}");
            offset += t.data().length;
        }
        header.append('}');
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        tensors.values().forEach(t -> data.writeBytes(t.data()));
        return withHeader(header.toString(), data.toByteArray());
    }

    /** A file with exactly this header text (valid or not) and data buffer. */
    static byte[] withHeader(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    static Tensor f32(long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new Tensor("F32", shape, b.array());
    }

    static Tensor i64Scalar(long value) {
        return new Tensor("I64", new long[0], ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }
}
