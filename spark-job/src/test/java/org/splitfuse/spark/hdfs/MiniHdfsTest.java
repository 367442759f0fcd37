package org.splitfuse.spark.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniHdfs fixture: files go up and come back, and a process that knows only the URI reads them. */
class MiniHdfsTest {

    @TempDir
    static Path dir;

    private static MiniHdfs hdfs;

    @BeforeAll
    static void start() throws Exception {
        hdfs = MiniHdfs.start(dir.resolve("hdfs"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void everyServerListensOnTheLoopbackAddress() throws Exception {
        assertTrue(hdfs.uri().toString().matches("hdfs://127\\.0\\.0\\.1:\\d+"), hdfs.uri().toString());
        assertEquals(hdfs.uri().getPort(), hdfs.nameNodeAddress().getPort());
        assertEquals(1, hdfs.dataNodeAddresses().size());
        for (InetSocketAddress dn : hdfs.dataNodeAddresses()) {
            assertEquals("127.0.0.1", dn.getAddress().getHostAddress(), dn.toString());
            assertTrue(dn.getPort() > 0, dn.toString());
        }
    }

    @Test
    void uploadListAndReadADirectoryTree() throws Exception {
        Path local = dir.resolve("tree");
        Files.createDirectories(local.resolve("sub"));
        Files.writeString(local.resolve("a.txt"), "alpha");
        byte[] big = new byte[3 << 20]; // more than one packet, less than a block
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 11));
        }
        Files.write(local.resolve("sub/b.bin"), big);

        hdfs.upload(local, "/tree");
        assertEquals(List.of("a.txt", "sub/", "sub/b.bin"), hdfs.list("/tree"));
        assertEquals("alpha", new String(hdfs.read("/tree/a.txt"), StandardCharsets.UTF_8));
        assertArrayEquals(big, hdfs.read("/tree/sub/b.bin"));
        assertEquals(List.of(), hdfs.list("/nothing-here"));
        assertFalse(hdfs.exists("/tree/c.txt"));
    }

    @Test
    void aFreshClientWithOnlyTheUriReadsAFile() throws Exception {
        hdfs.upload(write("fresh.txt", "seen from a new client"), "/fresh.txt");
        // a new Configuration: no fs.defaultFS, nothing but what the URI says
        try (FileSystem fs = FileSystem.newInstance(hdfs.uri(), new Configuration());
             InputStream in = fs.open(new org.apache.hadoop.fs.Path(hdfs.uri("/fresh.txt")))) {
            assertEquals("seen from a new client", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anotherJvmReadsAFileThroughTheNameNodeAndDataNode() throws Exception {
        String text = "read by a second JVM " + System.nanoTime();
        hdfs.upload(write("other.txt", text), "/other.txt");
        // the job's classpath (the Hadoop client only): none of the minicluster's server classes
        String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("hadoop-client-minicluster"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, HdfsCat.class.getName(), hdfs.uri("/other.txt")));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the second JVM did not finish");
        assertEquals(0, p.exitValue(), err);
        assertEquals(text, new String(out, StandardCharsets.UTF_8), err);
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
