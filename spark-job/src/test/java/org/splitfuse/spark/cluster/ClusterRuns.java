package org.splitfuse.spark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.ModelIO;

/**
 * The job the cluster tests run (configs/quickstart.conf on a small subset, about a minute on
 * the 2-core test machine), where each run writes, and what a run left behind. The undisturbed
 * run is made once per JVM and shared by every test that compares against it.
 */
final class ClusterRuns {

    /** Small data, one epoch, half-width CNN; progress lines every second, so that a test can tell training has started. */
    static final String[] SMALL = {"data.train-limit=2000", "data.test-limit=500", "train.epochs=1", "model.width=0.5",
        "train.progress-interval=1s"};

    private static final Pattern APP_ID = Pattern.compile("app ID (app-\\d+-\\d+)");

    private static Run undisturbed;

    /** A finished (or killed) submission and the locations it used. */
    record Run(JobSubmission.Result result, Path output, Path checkpoints) {

        Path model() {
            return output.resolve("model.zip");
        }

        JsonNode report() throws IOException {
            return new ObjectMapper().readTree(output.resolve("report.json").toFile());
        }

        /** The report's stage of that name. */
        JsonNode stage(String name) throws IOException {
            for (JsonNode s : report().get("stages")) {
                if (s.get("name").asText().equals(name)) {
                    return s;
                }
            }
            throw new IllegalStateException("no stage " + name + " in " + output.resolve("report.json"));
        }

        /** The Spark application id the driver printed. */
        String appId() {
            for (JobSubmission.Line l : result.lines()) {
                Matcher m = APP_ID.matcher(l.text());
                if (m.find()) {
                    return m.group(1);
                }
            }
            throw new IllegalStateException("the driver printed no application id:\n" + result.tail(30));
        }
    }

    private ClusterRuns() {
    }

    /** Where runs write: -Dsplitfuse.itRuns (target/it-runs), else the temp directory. */
    static Path runsDir() throws IOException {
        String configured = System.getProperty("splitfuse.itRuns");
        Path dir = configured != null && !configured.isEmpty() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "splitfuse-it-runs");
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * The quickstart submission writing to runs/NAME/run with the default checkpoint location
     * (output.checkpoints = auto: runs/NAME/checkpoints, beside the output), so that no run reuses
     * another's models and the driver-kill test exercises the defaults. runs/NAME is emptied first.
     */
    static JobSubmission quickstart(StandaloneCluster cluster, String name) throws IOException {
        deleteRecursively(runsDir().resolve(name));
        return rerun(cluster, name);
    }

    /** The same submission as {@link #quickstart} without emptying anything: a rerun. */
    static JobSubmission rerun(StandaloneCluster cluster, String name) throws IOException {
        return JobSubmission.to(cluster)
                .config("configs/quickstart.conf")
                .set(SMALL)
                .set("output.uri=" + runsDir().resolve(name).resolve("run"))
                .timeout(Duration.ofMinutes(6))
                .logAs(name + "-driver");
    }

    static Run finished(JobSubmission.Result result, String name) throws IOException {
        return new Run(result, runsDir().resolve(name).resolve("run"), runsDir().resolve(name).resolve("checkpoints"));
    }

    /** The undisturbed quickstart run on the shared cluster, made on first use. */
    static synchronized Run undisturbed() throws IOException, InterruptedException {
        if (undisturbed == null) {
            undisturbed = finished(quickstart(StandaloneCluster.shared(), "undisturbed").run(), "undisturbed");
            timing(undisturbed.result());
        }
        return undisturbed;
    }

    /** Where the time of a submission went, for the build log. */
    static void timing(JobSubmission.Result r) {
        System.out.printf("submit -> executors registered %s, first task %s, first model trained %s, end %s%n",
                r.firstAt("Registered executor").orElse(null), r.firstAt("Starting task 0.0 in stage 0.0").orElse(null),
                r.firstAt(" trained on ").orElse(null), r.wall());
    }

    /** A model.zip's parameters, as DL4J loads them (all layers, one flat array). */
    static double[] parameters(Path modelZip) throws IOException {
        try (InputStream in = Files.newInputStream(modelZip)) {
            ComputationGraph net = ModelIO.read(in, modelZip.toString());
            return net.params().toDoubleVector();
        }
    }

    /** The network's configuration, as DL4J loads it (architecture, layer sizes). */
    static String configuration(Path modelZip) throws IOException {
        try (InputStream in = Files.newInputStream(modelZip)) {
            return ModelIO.read(in, modelZip.toString()).getConfiguration().toJson();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
