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
            // the JDK names only the temporary file, or nothing: say which output and why
            throw new InputError(target + ": cannot be written there (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
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

    public static void writeLines(Path target, List<String> lines) throws IOException {
        write(target, tmp -> Files.write(tmp, lines));
    }
}
