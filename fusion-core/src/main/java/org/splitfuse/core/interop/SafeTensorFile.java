package org.splitfuse.core.interop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of one safetensors file: tensors by name, in order, and the optional string metadata.
 * Immutable. The source (a path, when read from one) is carried only to name the file in error messages;
 * it takes no part in equality.
 */
public final class SafeTensorFile {

    private final Map<String, RawTensor> tensors;
    private final Map<String, String> metadata;
    private final String source;

    public SafeTensorFile(Map<String, RawTensor> tensors, Map<String, String> metadata) {
        this(tensors, metadata, null);
    }

    /** @param source where the content came from, for messages; null when unknown */
    public SafeTensorFile(Map<String, RawTensor> tensors, Map<String, String> metadata, String source) {
        tensors.forEach((name, tensor) -> {
            Objects.requireNonNull(name, "tensor name");
            Objects.requireNonNull(tensor, name);
        });
        if (tensors.containsKey(SafeTensors.METADATA_KEY)) {
            throw new IllegalArgumentException("\"" + SafeTensors.METADATA_KEY + "\" is reserved, not a tensor name");
        }
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.source = source;
    }

    /** Tensors by name, in the order given (for a file read: the order of its header). */
    public Map<String, RawTensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    public Optional<RawTensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** "path: " when the source is known, else "": the prefix of error messages about this file. */
    String messagePrefix() {
        return source == null ? "" : source + ": ";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensorFile f && tensors.equals(f.tensors) && metadata.equals(f.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * tensors.hashCode() + metadata.hashCode();
    }

    @Override
    public String toString() {
        return "SafeTensorFile" + (source == null ? "" : "(" + source + ")") + tensors;
    }
}
