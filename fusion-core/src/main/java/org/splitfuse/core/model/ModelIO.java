package org.splitfuse.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/** Saves and loads networks in DL4J's ModelSerializer zip format (configuration, parameters, updater). */
public final class ModelIO {

    static {
        NativeHelpers.enable();
    }

    private ModelIO() {
    }

    public static void write(ComputationGraph net, OutputStream out, boolean withUpdater) throws IOException {
        ModelSerializer.writeModel(net, out, withUpdater);
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
