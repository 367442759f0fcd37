package org.splitfuse.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The benchmarks' door to {@link org.splitfuse.core.AtomicFiles} (temporary file, 0644, atomic rename). */
public final class AtomicFiles {

    /** Writes the content to the given (temporary) path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path path) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        org.splitfuse.core.AtomicFiles.write(target, content::writeTo);
    }

    public static void writeLines(Path target, List<String> lines) throws IOException {
        write(target, tmp -> java.nio.file.Files.write(tmp, lines));
    }
}
