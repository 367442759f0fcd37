package org.splitfuse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        try {
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
