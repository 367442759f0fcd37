package org.splitfuse.core.interop;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format of Hugging Face: an 8-byte little-endian header length N,
 * N bytes of UTF-8 JSON ({"name": {"dtype", "shape", "data_offsets": [begin, end]}, optional
 * "__metadata__": {string: string}}), then the data buffer, offsets relative to its start.
 *
 * <p>Reading checks everything the reference implementation checks (header within the file, valid JSON,
 * known dtype, byte length matching shape and dtype, offsets that tile the buffer with neither overlap,
 * gap nor trailing bytes), so that a damaged file fails here with one message naming the file and tensor
 * rather than as wrong weights later. Files are read whole into memory (up to 2 GiB), enough for the
 * networks of this project.
 *
 * <p>Writing follows the Python library: compact JSON, "__metadata__" first when there is any, tensors
 * ordered by decreasing element size and then by name (so each tensor's offset is a multiple of its element
 * size), and the header padded with spaces to a multiple of 8 bytes.
 */
public final class SafeTensors {

    /** The reserved header key of the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The reference implementation's limit; a larger header is taken as a damaged length field. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int LENGTH_BYTES = 8;

    private SafeTensors() {
    }

    public static SafeTensorFile read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > Integer.MAX_VALUE - 16) {
            throw new SafeTensorsFormatException(path + ": " + size + " bytes; files over 2 GiB are not supported");
        }
        return parse(Files.readAllBytes(path), path.toString());
    }

    /**
     * Parses a whole file's bytes.
     *
     * @param source names the origin in error messages (a path or URI); null when unknown
     */
    public static SafeTensorFile parse(byte[] bytes, String source) throws SafeTensorsFormatException {
        return new Parser(bytes, source).parse();
    }

    public static void write(SafeTensorFile file, Path path) throws IOException {
        Files.write(path, toBytes(file));
    }

    public static void write(SafeTensorFile file, OutputStream out) throws IOException {
        out.write(toBytes(file));
    }

    public static byte[] toBytes(SafeTensorFile file) {
        List<Map.Entry<String, RawTensor>> ordered = new ArrayList<>(file.tensors().entrySet());
        ordered.sort(Comparator.<Map.Entry<String, RawTensor>>comparingInt(e -> -e.getValue().type().byteSize())
                .thenComparing(Map.Entry::getKey));
        byte[] header = header(file.metadata(), ordered);
        long dataBytes = ordered.stream().mapToLong(e -> e.getValue().byteLength()).sum();
        long total = LENGTH_BYTES + header.length + dataBytes;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors content of " + total + " bytes exceeds 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (Map.Entry<String, RawTensor> e : ordered) {
            out.put(e.getValue().buffer());
        }
        return out.array();
    }

    private static byte[] header(Map<String, String> metadata, List<Map.Entry<String, RawTensor>> ordered) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(METADATA_KEY).beginObject();
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    json.name(m.getKey()).value(m.getValue());
                }
                json.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, RawTensor> e : ordered) {
                RawTensor t = e.getValue();
                json.name(e.getKey()).beginObject();
                json.name("dtype").value(t.dtype());
                json.name("shape").beginArray();
                for (long d : t.shape()) {
                    json.value(d);
                }
                json.endArray();
                json.name("data_offsets").beginArray().value(offset).value(offset + t.byteLength()).endArray();
                json.endObject();
                offset += t.byteLength();
            }
            json.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string", e);
        }
        byte[] unpadded = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (unpadded.length + LENGTH_BYTES - 1) / LENGTH_BYTES * LENGTH_BYTES;
        byte[] header = Arrays.copyOf(unpadded, padded);
        Arrays.fill(header, unpadded.length, padded, (byte) ' ');
        return header;
    }

    /** One header entry before its bytes are cut out of the buffer. */
    private record Entry(String name, String dtype, long[] shape, long begin, long end) {
    }

    private static final class Parser {

        private final byte[] bytes;
        private final String source;
        private final String prefix;

        Parser(byte[] bytes, String source) {
            this.bytes = bytes;
            this.source = source;
            this.prefix = source == null ? "" : source + ": ";
        }

        SafeTensorFile parse() throws SafeTensorsFormatException {
            if (bytes.length < LENGTH_BYTES) {
                throw fail("file is " + bytes.length + " bytes, shorter than the 8-byte header length");
            }
            long headerLength = ByteBuffer.wrap(bytes, 0, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            long available = bytes.length - LENGTH_BYTES;
            if (headerLength < 0 || headerLength > available) {
                throw fail("header length " + Long.toUnsignedString(headerLength) + " exceeds the "
                        + available + " bytes after the length field (truncated or not a safetensors file)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw fail("header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            int dataStart = LENGTH_BYTES + (int) headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = readHeader(decode(headerLength), metadata);
            long bufferLength = bytes.length - dataStart;
            checkLayout(entries, bufferLength);
            Map<String, RawTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                byte[] data = Arrays.copyOfRange(bytes, dataStart + (int) e.begin, dataStart + (int) e.end);
                tensors.put(e.name, new RawTensor(e.dtype, e.shape, data));
            }
            return new SafeTensorFile(tensors, metadata, source);
        }

        private String decode(long headerLength) throws SafeTensorsFormatException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, LENGTH_BYTES, (int) headerLength))
                        .toString();
            } catch (CharacterCodingException e) {
                throw fail("header is not valid UTF-8");
            }
        }

        private List<Entry> readHeader(String text, Map<String, String> metadata) throws SafeTensorsFormatException {
            List<Entry> entries = new ArrayList<>();
            String where = "header";
            try (JsonReader json = new JsonReader(new StringReader(text))) {
                json.setLenient(false);
                expect(json, JsonToken.BEGIN_OBJECT, "the header");
                json.beginObject();
                Set<String> seen = new HashSet<>();
                while (json.hasNext()) {
                    String name = json.nextName();
                    where = METADATA_KEY.equals(name) ? METADATA_KEY : "tensor \"" + name + "\"";
                    if (!seen.add(name)) {
                        throw fail(where + ": appears twice in the header");
                    }
                    if (METADATA_KEY.equals(name)) {
                        readMetadata(json, metadata);
                    } else {
                        entries.add(readEntry(json, name));
                    }
                }
                json.endObject();
                where = "header";
                if (json.peek() != JsonToken.END_DOCUMENT) {
                    throw fail("header has content after its JSON object");
                }
            } catch (SafeTensorsFormatException e) {
                throw e;
            } catch (IOException | IllegalStateException | NumberFormatException e) {
                String detail = String.valueOf(e.getMessage())
                        .replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
                throw new SafeTensorsFormatException(prefix + where + ": invalid JSON header (" + detail + ")", e);
            }
            return entries;
        }

        private void readMetadata(JsonReader json, Map<String, String> metadata) throws IOException {
            expect(json, JsonToken.BEGIN_OBJECT, METADATA_KEY);
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                expect(json, JsonToken.STRING, METADATA_KEY + " value of \"" + key + "\"");
                metadata.put(key, json.nextString());
            }
            json.endObject();
        }

        private Entry readEntry(JsonReader json, String name) throws IOException {
            String what = "tensor \"" + name + "\"";
            expect(json, JsonToken.BEGIN_OBJECT, what);
            json.beginObject();
            String dtype = null;
            long[] shape = null;
            long[] offsets = null;
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "dtype" -> {
                        expect(json, JsonToken.STRING, what + " dtype");
                        dtype = json.nextString();
                    }
                    case "shape" -> shape = readCounts(json, what + " shape");
                    case "data_offsets" -> offsets = readCounts(json, what + " data_offsets");
                    default -> json.skipValue(); // the reference implementation ignores unknown fields too
                }
            }
            json.endObject();
            if (dtype == null || shape == null || offsets == null) {
                throw fail(what + ": needs \"dtype\", \"shape\" and \"data_offsets\"");
            }
            DType type;
            try {
                type = DType.parse(dtype);
            } catch (IllegalArgumentException e) {
                throw fail(what + ": " + e.getMessage());
            }
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw fail(what + ": data_offsets " + Arrays.toString(offsets) + " is not a [begin, end] pair");
            }
            long expected;
            try {
                expected = Math.multiplyExact(RawTensor.elementCount(shape), type.byteSize());
            } catch (ArithmeticException e) {
                throw fail(what + ": shape " + Arrays.toString(shape) + " overflows");
            }
            long actual = offsets[1] - offsets[0];
            if (expected != actual) {
                throw fail(what + ": " + dtype + " shape " + Arrays.toString(shape) + " needs " + expected
                        + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + actual);
            }
            return new Entry(name, dtype, shape, offsets[0], offsets[1]);
        }

        /** An array of non-negative integers (shape or offsets). */
        private long[] readCounts(JsonReader json, String what) throws IOException {
            expect(json, JsonToken.BEGIN_ARRAY, what);
            json.beginArray();
            List<Long> values = new ArrayList<>();
            while (json.hasNext()) {
                expect(json, JsonToken.NUMBER, what + " element");
                String text = json.nextString();
                long v;
                try {
                    v = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw fail(what + ": " + text + " is not an integer in range");
                }
                if (v < 0) {
                    throw fail(what + ": " + v + " is negative");
                }
                values.add(v);
            }
            json.endArray();
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private void expect(JsonReader json, JsonToken token, String what) throws IOException {
            JsonToken found = json.peek();
            if (found != token) {
                throw fail(what + ": expected " + describe(token) + ", found " + describe(found));
            }
        }

        /** The tensors must tile the data buffer exactly, as the reference implementation requires. */
        private void checkLayout(List<Entry> entries, long bufferLength) throws SafeTensorsFormatException {
            List<Entry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long cursor = 0;
            Entry previous = null;
            for (Entry e : byOffset) {
                String what = "tensor \"" + e.name + "\"";
                if (e.end > bufferLength) {
                    throw fail(what + ": data_offsets [" + e.begin + ", " + e.end + "] go beyond the data buffer of "
                            + bufferLength + " bytes (file truncated?)");
                }
                if (e.begin < cursor) {
                    throw fail(what + ": data_offsets [" + e.begin + ", " + e.end + "] overlap tensor \""
                            + previous.name + "\" at [" + previous.begin + ", " + previous.end + "]");
                }
                if (e.begin > cursor) {
                    throw fail(what + ": data_offsets [" + e.begin + ", " + e.end + "] leave a gap of "
                            + (e.begin - cursor) + " unused bytes before it");
                }
                cursor = e.end;
                previous = e;
            }
            if (cursor != bufferLength) {
                throw fail((bufferLength - cursor) + " bytes of trailing data after the last tensor"
                        + " (the data buffer is " + bufferLength + " bytes, the tensors use " + cursor + ")");
            }
        }

        private SafeTensorsFormatException fail(String problem) {
            return new SafeTensorsFormatException(prefix + problem);
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case BEGIN_OBJECT -> "an object";
                case BEGIN_ARRAY -> "an array";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case END_DOCUMENT -> "the end of the header";
                default -> token.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            };
        }
    }
}
