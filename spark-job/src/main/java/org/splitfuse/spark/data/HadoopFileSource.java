package org.splitfuse.spark.data;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.splitfuse.core.data.DataFormatException;
import org.splitfuse.core.data.FileSource;

/** Data files read through the Hadoop FileSystem API, so data.dir can be hdfs:// or s3a://. */
public final class HadoopFileSource implements FileSource {

    private final FileSystem fs;
    private final Path dir;

    private HadoopFileSource(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    public static HadoopFileSource of(String uri) {
        return of(uri, new Configuration());
    }

    public static HadoopFileSource of(String uri, Configuration conf) {
        try {
            Path dir = new Path(uri);
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
                throw new DataFormatException(uri, "data directory does not exist");
            }
            return new HadoopFileSource(fs, dir);
        } catch (IOException e) {
            throw new DataFormatException(uri, "cannot open the data directory: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String fileName) throws IOException {
        return fs.isFile(new Path(dir, fileName));
    }

    @Override
    public InputStream open(String fileName) throws IOException {
        return fs.open(new Path(dir, fileName));
    }

    @Override
    public String describe(String fileName) {
        return fileName.isEmpty() ? dir.toString() : new Path(dir, fileName).toString();
    }
}
