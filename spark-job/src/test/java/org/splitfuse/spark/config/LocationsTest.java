package org.splitfuse.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.config.ConfigError;

/** The path rules: every location absolute and qualified, checkpoints beside the output, one warning. */
class LocationsTest {

    private final Configuration conf = new Configuration();

    @Test
    void aRelativePathBecomesAnAbsoluteFileUri() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertEquals("file:" + cwd + "/out/run-1", Locations.qualify("output.uri", "out/run-1", conf));
        assertEquals("file:/tmp/runs/a", Locations.qualify("output.uri", "/tmp/runs/a", conf));
        assertEquals("file:/tmp/runs/a", Locations.qualify("output.uri", "file:///tmp/runs/a", conf));
    }

    @Test
    void aFullHdfsUriIsKept() {
        assertEquals("hdfs://127.0.0.1:8020/runs/a", Locations.qualify("output.uri", "hdfs://127.0.0.1:8020/runs/a", conf));
    }

    @Test
    void anHdfsUriWithoutANamenodeIsAConfigErrorNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> Locations.qualify("data.dir", "hdfs:///data/fm", conf));
        assertTrue(e.getMessage().startsWith("config key 'data.dir': 'hdfs:///data/fm'"), e.getMessage());
    }

    @Test
    void autoCheckpointsGoBesideTheOutputOnItsFileSystem() {
        assertEquals("file:/tmp/runs/checkpoints", Locations.checkpoints("auto", "file:/tmp/runs/run-20260101-000000", conf));
        assertEquals("hdfs://127.0.0.1:8020/user/u/checkpoints",
                Locations.checkpoints("auto", "hdfs://127.0.0.1:8020/user/u/run-1", conf));
        assertEquals("", Locations.checkpoints("", "file:/tmp/runs/run-1", conf), "\"\" stays off");
        String cwd = Path.of("").toAbsolutePath().toString();
        assertEquals("file:" + cwd + "/ckpt", Locations.checkpoints("ckpt", "file:/tmp/runs/run-1", conf));
        assertThrows(ConfigError.class, () -> Locations.checkpoints("auto", "file:/", conf));
    }

    @Test
    void aNonLocalMasterWithLocalFilesGetsOneWarningLine() {
        String data = "file:/usr/share/datasets/fashion-mnist";
        String ckpt = "file:/home/u/out/checkpoints";
        Optional<String> both = Locations.warning("spark://127.0.0.1:7077", data, ckpt);
        assertTrue(both.isPresent());
        String line = both.get();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("splitfuse: warning: master spark://127.0.0.1:7077 "), line);
        assertTrue(line.contains("the data (" + data + ") and the checkpoints (" + ckpt + ") are"), line);
        assertTrue(line.contains("hdfs://"), line);

        String hdfs = "hdfs://127.0.0.1:8020/data/fm";
        assertTrue(Locations.warning("yarn", hdfs, ckpt).orElseThrow().contains("the checkpoints (" + ckpt + ") is"));
        assertTrue(Locations.warning("k8s://https://10.0.0.1:6443", data, "").orElseThrow().contains("the data"));
        assertEquals(Optional.empty(), Locations.warning("spark://127.0.0.1:7077", hdfs, ""), "nothing local");
        assertEquals(Optional.empty(), Locations.warning("spark://127.0.0.1:7077", hdfs, "hdfs://127.0.0.1:8020/ckpt"));
        for (String local : List.of("local", "local[2]", "local[*,4]", "local-cluster[2,1,1024]")) {
            assertEquals(Optional.empty(), Locations.warning(local, data, ckpt), local + " shares this machine's files");
        }
    }
}
