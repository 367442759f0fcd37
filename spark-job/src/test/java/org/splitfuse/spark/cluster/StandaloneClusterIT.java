package org.splitfuse.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart job on a real standalone cluster (a Master and two 1-core Workers, separate JVMs
 * on 127.0.0.1, started by deploy/standalone/start-cluster), submitted with the cluster jar
 * through deploy/submit, as a user runs it.
 */
class StandaloneClusterIT {

    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Pattern APP_ID = Pattern.compile("app ID (app-\\d+-\\d+)");
    private static final Pattern FETCHED = Pattern.compile("Executor: Fetching spark://\\S+/jars/(\\S+) ");

    private static StandaloneCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(Files.isDirectory(FASHION_MNIST), "needs the dataset-fashion-mnist package");
        cluster = StandaloneCluster.shared();
    }

    @Test
    void quickstartRunsOnBothWorkersFromTheClusterJarAndWritesItsOutput() throws Exception {
        Path out = dir.resolve("out");
        JobSubmission.Result r = JobSubmission.to(cluster)
                .config("configs/quickstart.conf")
                .set("data.train-limit=2000", "data.test-limit=500", "train.epochs=1", "model.width=0.5",
                        "output.uri=" + out, "output.checkpoints=" + dir.resolve("checkpoints"))
                .timeout(Duration.ofMinutes(6))
                .logAs("quickstart-driver")
                .run();
        report(r);
        assertEquals(0, r.exitCode(), r.tail(40));

        assertTrue(Files.isRegularFile(out.resolve("model.zip")), "model.zip");
        assertTrue(Files.isRegularFile(out.resolve("report.json")), "report.json");
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")), "_SUCCESS");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode train = report.get("stages").get(0);
        assertEquals("train", train.get("name").asText());
        assertEquals(2, train.get("tasks").asInt(), "one training task per shard");
        assertEquals(0, train.get("failed_task_attempts").asInt());
        assertEquals(2, train.get("models").size());

        // one copy of the job on the class path: no second jar registered beside the cluster jar
        assertFalse(r.printed("already registered with a different path"), r.tail(40));
        Matcher m = APP_ID.matcher(String.join("\n", r.lines().stream().map(JobSubmission.Line::text).toList()));
        assertTrue(m.find(), "the driver names its application");
        List<Path> executorLogs = cluster.executorLogs(m.group(1));
        Set<String> workersUsed = new TreeSet<>();
        for (Path log : executorLogs) {
            workersUsed.add(log.getParent().getParent().getParent().getFileName().toString());
            Matcher fetched = FETCHED.matcher(Files.readString(log));
            List<String> jars = fetched.results().map(x -> x.group(1)).toList();
            assertEquals(List.of(JobSubmission.clusterJar(cluster.root()).getFileName().toString()), jars,
                    log + ": the executor fetches the cluster jar, and nothing else");
        }
        assertEquals(Set.of("worker-1", "worker-2"), workersUsed, "an executor on each Worker");
    }

    /** Where the time went, for the build log. */
    private static void report(JobSubmission.Result r) {
        System.out.printf("submit -> executors registered %s, first task %s, first model trained %s, end %s%n",
                r.firstAt("Registered executor").orElse(null), r.firstAt("Starting task 0.0 in stage 0.0").orElse(null),
                r.firstAt(" trained on ").orElse(null), r.wall());
    }
}
