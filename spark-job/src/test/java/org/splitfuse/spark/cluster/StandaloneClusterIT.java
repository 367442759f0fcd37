package org.splitfuse.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.RealData;

/**
 * The quickstart job on a real standalone cluster (a Master and two 1-core Workers, separate JVMs
 * on 127.0.0.1, started by deploy/standalone/start-cluster), submitted with the cluster jar
 * through deploy/submit, as a user runs it.
 */
class StandaloneClusterIT {

    static final Path FASHION_MNIST = RealData.FASHION_MNIST;
    private static final Pattern FETCHED = Pattern.compile("Executor: Fetching spark://\\S+/jars/(\\S+) ");

    @BeforeAll
    static void needsData() {
        RealData.fashionMnist();
    }

    @Test
    void quickstartRunsOnBothWorkersFromTheClusterJarAndWritesItsOutput() throws Exception {
        ClusterRuns.Run run = ClusterRuns.undisturbed();
        JobSubmission.Result r = run.result();
        assertEquals(0, r.exitCode(), r.tail(40));

        assertTrue(Files.isRegularFile(run.model()), "model.zip");
        assertTrue(Files.isRegularFile(run.output().resolve("report.json")), "report.json");
        assertTrue(Files.isRegularFile(run.output().resolve("_SUCCESS")), "_SUCCESS");
        JsonNode train = run.stage("train");
        assertEquals(2, train.get("tasks").asInt(), "one training task per shard");
        assertEquals(0, train.get("failed_task_attempts").asInt());
        assertEquals(2, train.get("models").size());
        // the two shard models differ (the fault tests' bit-for-bit comparisons are not vacuous)
        double[] first = ClusterRuns.parameters(run.output().resolve("trained/model-0.zip"));
        double[] second = ClusterRuns.parameters(run.output().resolve("trained/model-1.zip"));
        assertEquals(first.length, second.length);
        assertFalse(Arrays.equals(first, second), "two shard models with the same parameters");

        // one copy of the job on the class path: no second jar registered beside the cluster jar
        assertFalse(r.printed("already registered with a different path"), r.tail(40));
        StandaloneCluster cluster = StandaloneCluster.shared();
        List<Path> executorLogs = cluster.executorLogs(run.appId());
        Set<String> workersUsed = new TreeSet<>();
        for (Path log : executorLogs) {
            workersUsed.add(log.getParent().getParent().getParent().getFileName().toString());
            List<String> jars = FETCHED.matcher(Files.readString(log)).results().map(x -> x.group(1)).toList();
            assertEquals(List.of(JobSubmission.clusterJar(cluster.root()).getFileName().toString()), jars,
                    log + ": the executor fetches the cluster jar, and nothing else");
        }
        assertEquals(Set.of("worker-1", "worker-2"), workersUsed, "an executor on each Worker");
    }
}
