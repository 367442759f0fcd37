package org.splitfuse.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.splitfuse.core.AtomicFiles;

/**
 * Saves and loads networks in DL4J's ModelSerializer zip format (configuration, parameters, updater).
 * Every model file the project writes goes through {@link #save} or {@link #toBytes(ComputationGraph,
 * ModelProvenance, boolean)} and carries a {@link ModelProvenance} as one more zip entry, {@value #ENTRY},
 * which DL4J's reader ignores.
 */
public final class ModelIO {

    static {
        NativeHelpers.enable();
    }

    private ModelIO() {
    }

    /** The zip entry that holds the provenance (JSON). */
    public static final String ENTRY = "splitfuse-provenance.json";

    public static void write(ComputationGraph net, OutputStream out, boolean withUpdater) throws IOException {
        ModelSerializer.writeModel(net, out, withUpdater);
    }

    /** Writes the model and its provenance to {@code path} atomically (temporary file, 0644, rename). */
    public static void save(ComputationGraph net, ModelProvenance provenance, Path path, boolean withUpdater)
            throws IOException {
        byte[] bytes = toBytes(net, provenance, withUpdater);
        AtomicFiles.write(path, tmp -> Files.write(tmp, bytes));
    }

    /** The model zip with its provenance entry, as bytes (checkpoints written from bytes use this). */
    public static byte[] toBytes(ComputationGraph net, ModelProvenance provenance, boolean withUpdater) {
        return withProvenance(toBytes(net, withUpdater), provenance);
    }

    /** A copy of a model zip whose provenance entry is {@code provenance} (any earlier one replaced). */
    public static byte[] withProvenance(byte[] zip, ModelProvenance provenance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(zip.length + 1024);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.getName().equals(ENTRY)) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new ZipEntry(ENTRY));
            out.write(provenance.toJson().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The provenance recorded in a model zip; empty for a file written before provenance existed.
     * A file that is not a zip, or whose entry is unreadable, is a {@link ModelFileException}.
     */
    public static Optional<ModelProvenance> provenance(Path path) throws ModelFileException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(ModelProvenance.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(path + ": not a readable splitfuse/DL4J model zip (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a ComputationGraph zip.
     *
     * @param source names the origin in error messages (a path or URI)
     */
    public static ComputationGraph read(InputStream in, String source) throws IOException {
        try {
            return ModelSerializer.restoreComputationGraph(in, true);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(source + ": not a readable splitfuse/DL4J model zip (" + e.getMessage() + ")", e);
        }
    }

    /** Serialises to bytes: the form in which models travel between Spark executors and the driver. */
    public static byte[] toBytes(ComputationGraph net, boolean withUpdater) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(net, bytes, withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ComputationGraph fromBytes(byte[] bytes, String source) {
        try {
            return read(new ByteArrayInputStream(bytes), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
