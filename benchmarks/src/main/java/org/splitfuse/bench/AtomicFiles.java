package org.splitfuse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.splitfuse.core.InputError;

/** Writes a file next to its target and renames it into place: a failure never leaves half a file. */
public final class AtomicFiles {

    /** Writes the content to the given (temporary) path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path path) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // temporary files are private (0600); a result is readable like every file the job writes (0644)
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            content.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
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

    /** The JDK names only the temporary file, or nothing: say which output and why. */
    private static InputError cannotWrite(Path target, IOException e) {
        return new InputError(target + ": cannot be written there (" + e.getClass().getSimpleName()
                + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
    }

    public static void writeLines(Path target, List<String> lines) throws IOException {
        write(target, tmp -> Files.write(tmp, lines));
    }
}
