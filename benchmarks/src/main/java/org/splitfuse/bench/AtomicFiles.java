package org.splitfuse.bench;

import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * Proves, before any work, that {@link #write} will be able to write {@code target}: creates its
     * directory and a file in it, then removes both (the directories it created too), so a run that
     * would end in an unwritable output stops at once and leaves nothing.
     */
    public static void probe(Path target) throws IOException {
        probe(target.toAbsolutePath().getParent(), target);
    }

    /** {@link #probe} for a directory a verb writes files into (its checkpoints). */
    public static void probeDirectory(Path dir) throws IOException {
        probe(dir.toAbsolutePath(), dir);
    }

    private static void probe(Path dir, Path named) throws IOException {
        Path created = null;
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            created = d;
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".splitfuse-", ".probe"));
        } catch (IOException e) {
            throw cannotWrite(named, e);
        } finally {
            // only what this probe created (none of it, when the parent is a file)
            for (Path d = dir; created != null && d != null && d.startsWith(created); d = d.getParent()) {
                if (Files.isDirectory(d)) {
                    Files.delete(d);
                }
            }
        }
    }

    private static org.splitfuse.core.InputError cannotWrite(Path target, IOException e) {
        return org.splitfuse.core.AtomicFiles.cannotWrite(target, e);
    }

    public static void writeLines(Path target, List<String> lines) throws IOException {
        write(target, tmp -> java.nio.file.Files.write(tmp, lines));
    }
}
