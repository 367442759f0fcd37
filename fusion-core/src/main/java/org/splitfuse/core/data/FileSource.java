package org.splitfuse.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory of data files, local or (from spark-job) on any Hadoop FileSystem. */
public interface FileSource {

    boolean exists(String fileName) throws IOException;

    InputStream open(String fileName) throws IOException;

    /** The full name of a file, for messages. */
    String describe(String fileName);

    static FileSource local(Path dir) {
        return new FileSource() {
            @Override
            public boolean exists(String fileName) {
                return Files.isRegularFile(dir.resolve(fileName));
            }

            @Override
            public InputStream open(String fileName) throws IOException {
                return Files.newInputStream(dir.resolve(fileName));
            }

            @Override
            public String describe(String fileName) {
                return dir.resolve(fileName).toString();
            }
        };
    }
}
