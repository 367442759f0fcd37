package org.splitfuse.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    private static final String SOURCE = "model.safetensors";

    /** Test vectors of the reference implementation (huggingface/safetensors, safetensors/src/tensor.rs). */
    @Test
    void readsTheReferenceExample() throws Exception {
        byte[] file = raw("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new byte[16]);
        assertEquals(60, file[0]);
        SafeTensorFile read = SafeTensors.parse(file, SOURCE);
        assertEquals(List.of("test"), List.copyOf(read.tensors().keySet()));
        RawTensor t = read.tensors().get("test");
        assertEquals("I32", t.dtype());
        assertArrayEquals(new long[] {2, 2}, t.shape());
        assertArrayEquals(new byte[16], t.data());
        assertEquals(Map.of(), read.metadata());
    }

    @Test
    void writesTheReferenceBytes() {
        RawTensor attn = RawTensor.ofFloats(new long[] {1, 1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        byte[] expected = {
            72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
            121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58, 91,
            49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115, 101,
            116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32, 32, 32, 0, 0,
            0, 0, 0, 0, (byte) 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, (byte) 128, 64, 0, 0, (byte) 160, 64};
        assertArrayEquals(expected, SafeTensors.toBytes(new SafeTensorFile(Map.of("attn0", attn), Map.of())));

        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32},
                SafeTensors.toBytes(new SafeTensorFile(Map.of(), Map.of())));
        byte[] withMetadata = SafeTensors.toBytes(new SafeTensorFile(Map.of(), Map.of("framework", "pt")));
        assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ",
                new String(withMetadata, 8, withMetadata.length - 8, StandardCharsets.UTF_8));
        assertEquals(40, withMetadata[0]);
    }

    @Test
    void writeThenReadKeepsEverythingAndAlignsEachTensor(@TempDir Path dir) throws Exception {
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        tensors.put("z.flag", new RawTensor("BOOL", new long[] {3}, new byte[] {1, 0, 1}));
        tensors.put("a \"quoted\" \\ name \u00e9", RawTensor.ofFloats(new long[] {2}, new float[] {1.5f, -2f}));
        tensors.put("count", RawTensor.scalarI64(7820));
        tensors.put("half", new RawTensor("F16", new long[] {1, 1}, new byte[] {0, 60}));
        tensors.put("empty", new RawTensor("F64", new long[] {0, 4}, new byte[0]));
        SafeTensorFile file = new SafeTensorFile(tensors, Map.of("format", "pt"));
        Path path = dir.resolve("t.safetensors");
        SafeTensors.write(file, path);
        byte[] bytes = Files.readAllBytes(path);

        SafeTensorFile read = SafeTensors.read(path);
        assertEquals(file, read);
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(7820, read.tensors().get("count").toLongScalar());
        assertEquals(path.toString(), read.source().orElseThrow());
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        // largest elements first, then by name: every offset is a multiple of its element size
        assertEquals(List.of("count", "empty", "a \"quoted\" \\ name \u00e9", "half", "z.flag"),
                List.copyOf(read.tensors().keySet()));
    }

    @Test
    void truncatedFileNamesTheTensorThatRunsPastTheEnd() {
        byte[] whole = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[16]);
        String message = failure(Arrays.copyOf(whole, whole.length - 3));
        assertTrue(message.startsWith(SOURCE + ": tensor \"b\""), message);
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void headerLengthBeyondTheFileIsRejected() {
        byte[] file = raw("{}", new byte[0]);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        String message = failure(file);
        assertTrue(message.contains("header length 1000 exceeds"), message);
        byte[] huge = file.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64 - 1 unsigned
        assertTrue(failure(huge).contains("header length 18446744073709551615 exceeds"), failure(huge));
        assertTrue(failure(new byte[5]).contains("shorter than the 8-byte header length"));
    }

    @Test
    void overlappingOffsetsNameBothTensors() {
        String message = failure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[16]));
        assertTrue(message.contains("tensor \"b\"") && message.contains("overlap tensor \"a\""), message);
    }

    @Test
    void gapsAndTrailingBytesAreRejected() {
        String gap = failure(raw("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}", new byte[4]));
        assertTrue(gap.contains("tensor \"a\"") && gap.contains("gap of 2"), gap);
        String trailing = failure(raw("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[5]));
        assertTrue(trailing.contains("3 bytes of trailing data"), trailing);
    }

    @Test
    void badEntriesNameTheTensor() {
        String dtype = failure(raw("{\"w\":{\"dtype\":\"F12\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]));
        assertTrue(dtype.contains("tensor \"w\": unknown dtype \"F12\""), dtype);
        String size = failure(raw("{\"w\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", new byte[4]));
        assertTrue(size.contains("tensor \"w\": I32 shape [2, 2] needs 16 bytes"), size);
        String overflow = failure(raw("{\"w\":{\"dtype\":\"I32\",\"shape\":[2,9223372036854775807],"
                + "\"data_offsets\":[0,16]}}", new byte[16]));
        assertTrue(overflow.contains("tensor \"w\": shape") && overflow.contains("overflows"), overflow);
        String missing = failure(raw("{\"w\":{\"dtype\":\"I32\",\"shape\":[1]}}", new byte[4]));
        assertTrue(missing.contains("tensor \"w\": needs"), missing);
        String twice = failure(raw("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", new byte[2]));
        assertTrue(twice.contains("tensor \"w\": appears twice"), twice);
        String text = failure(raw("{\"w\":{\"dtype\":\"U8\",\"shape\":[\"1\"],\"data_offsets\":[0,1]}}", new byte[1]));
        assertTrue(text.contains("tensor \"w\" shape element: expected a number, found a string"), text);
    }

    @Test
    void malformedJsonIsRejected() {
        assertTrue(failure(raw("{\"w\":", new byte[0])).contains("invalid JSON header"));
        assertTrue(failure(raw("{} {}", new byte[0])).contains("invalid JSON header"));
        assertTrue(failure(raw("[]", new byte[0])).contains("expected an object"));
        byte[] notUtf8 = raw("{}", new byte[0]);
        notUtf8[8] = (byte) 0xff;
        assertTrue(failure(notUtf8).contains("not valid UTF-8"));
    }

    private static String failure(byte[] file) {
        return assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.parse(file, SOURCE)).getMessage();
    }

    private static byte[] raw(String header, byte[] data) {
        return MinimalSafeTensorsWriter.withHeader(header, data);
    }
}
