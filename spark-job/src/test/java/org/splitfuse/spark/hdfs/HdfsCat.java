package org.splitfuse.spark.hdfs;

import java.io.InputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Run in a separate JVM by MiniHdfsTest: prints a file given only by its hdfs:// URI, as a Spark
 * executor in its own process would read it (a fresh Configuration, the job's Hadoop client).
 */
public final class HdfsCat {

    private HdfsCat() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        try (FileSystem fs = FileSystem.newInstance(uri, new Configuration());
             InputStream in = fs.open(new Path(uri))) {
            System.out.write(in.readAllBytes());
            System.out.flush();
        }
    }
}
