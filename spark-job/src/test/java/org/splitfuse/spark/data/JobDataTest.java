package org.splitfuse.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.data.DataFormatException;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.RealData;
import org.splitfuse.spark.config.ConfigLoader;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.config.Locations;

/** Executors read only the training set, from the location the driver resolved, and say so once. */
class JobDataTest {

    private static final Path FASHION_MNIST = RealData.FASHION_MNIST;

    @TempDir
    Path dir;

    private JobConfig config(Path data, int trainLimit) {
        List<String> overrides = new ArrayList<>(List.of("data.dir=" + data, "data.train-limit=" + trainLimit,
                "data.test-limit=100", "split.shards=2", "output.uri=" + dir.resolve("out")));
        JobConfig given = ConfigLoader.load(null, overrides);
        return Locations.resolve(given, new Configuration(), JobData.locate(given.data(), new Configuration(), line -> { }));
    }

    @Test
    void anExecutorReadsTheTrainingSetOnlyAndLogsItsSourceOnce() throws Exception {
        RealData.fashionMnist();
        // a data directory without the test files: an executor never needs them
        Path trainOnly = Files.createDirectory(dir.resolve("train-only"));
        for (String f : DatasetName.FASHION_MNIST.trainFiles()) {
            Files.copy(FASHION_MNIST.resolve(f), trainOnly.resolve(f));
        }
        JobConfig config = config(trainOnly, 999); // a limit no other test uses: this JVM has not read it
        assertEquals("file:" + trainOnly, config.data().dir(), "resolved to an absolute file: URI");
        JobData data = new JobData(config);

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(999, data.shard(0).size() + data.shard(1).size());
            data.part(new int[] {0, 1});
            data.modelSpec();
        } finally {
            System.setOut(stdout);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("splitfuse: executor " + InetAddress.getLocalHost().getHostName()
                + ": fashion-mnist train set from file:" + trainOnly + ": 999 examples"), log.lines().toList(), log);

        // the driver's read needs the test set, which is not there
        DataFormatException e = assertThrows(DataFormatException.class, () -> data.load(line -> { }));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void theDriversTrainingSetAndShardsAreTheExecutorsOnes() {
        RealData.fashionMnist();
        JobData executor = new JobData(config(FASHION_MNIST, 997));
        int[] labels = executor.shard(1).labels();
        // a second JobData of the same config in this JVM shares the read; the driver's adds the test set
        JobData driver = new JobData(config(FASHION_MNIST, 997));
        assertEquals(100, driver.load(line -> { }).test().size());
        assertEquals(java.util.Arrays.toString(labels), java.util.Arrays.toString(driver.shard(1).labels()));
        assertEquals(executor.modelSpec(), driver.modelSpec());
    }
}
