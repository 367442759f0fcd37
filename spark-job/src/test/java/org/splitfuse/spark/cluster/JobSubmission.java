package org.splitfuse.spark.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The job submitted as a user submits it: deploy/submit run as a subprocess (which becomes the
 * driver JVM in client mode) with the cluster jar, its output captured line by line with the
 * time each line appeared. Actions can be tied to lines: kill the driver at the first line that
 * matches (SIGKILL), or run anything else (kill an executor, a Worker) when a line appears.
 */
public final class JobSubmission {

    /** Something to do when a line appears; runs on its own thread while the output is read on. */
    @FunctionalInterface
    public interface Action {
        void run(String line) throws Exception;
    }

    /** One line of the driver's output (stdout and stderr) and when it appeared after the start. */
    public record Line(Duration at, String text) {
    }

    /**
     * How the submission ended.
     *
     * @param exitCode     deploy/submit's exit code (the job's: 0, 2 bad input, 1 failure); -1 if killed or timed out
     * @param driverKilled the driver was killed by {@link #killDriverWhen}
     * @param timedOut     it ran past the timeout and was killed
     */
    public record Result(int exitCode, boolean driverKilled, boolean timedOut, Duration wall, List<Line> lines) {

        public boolean printed(String text) {
            return lines.stream().anyMatch(l -> l.text().contains(text));
        }

        /** When the first line containing {@code text} appeared. */
        public Optional<Duration> firstAt(String text) {
            return lines.stream().filter(l -> l.text().contains(text)).map(Line::at).findFirst();
        }

        /** The last {@code n} lines, for assertion messages. */
        public String tail(int n) {
            StringBuilder b = new StringBuilder();
            lines.subList(Math.max(0, lines.size() - n), lines.size()).forEach(l -> b.append(l.text()).append('\n'));
            return b.toString();
        }
    }

    private record Trigger(Predicate<String> when, Action action) {
    }

    private final Path root;
    private final String master;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> options = new ArrayList<>();
    private final List<String> overrides = new ArrayList<>();
    private final List<Trigger> triggers = new ArrayList<>();
    private String config;
    private Duration timeout = Duration.ofMinutes(10);
    private Path log;
    private Predicate<String> killDriverWhen;

    private JobSubmission(Path root, String master, Map<String, String> env) {
        this.root = root;
        this.master = master;
        this.env.putAll(env);
        Path jar = clusterJar(root);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no cluster jar at " + jar + ": run `mvn -B verify` (package builds it)");
        }
        this.env.put("SPLITFUSE_JAR", jar.toString());
    }

    /** A submission to the cluster's master, with the cluster jar the build made. */
    public static JobSubmission to(StandaloneCluster cluster) {
        return new JobSubmission(cluster.root(), cluster.masterUrl(), cluster.env());
    }

    /** The cluster jar: -Dsplitfuse.clusterJar (set by the build), else spark-job/target's. */
    public static Path clusterJar(Path root) {
        String configured = System.getProperty("splitfuse.clusterJar");
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        try (var files = Files.list(root.resolve("spark-job/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-cluster.jar")).findFirst()
                    .orElse(root.resolve("spark-job/target/spark-job-cluster.jar"));
        } catch (IOException e) {
            return root.resolve("spark-job/target/spark-job-cluster.jar");
        }
    }

    /** The job's config file; a relative path is taken from the project root (deploy/submit runs there). */
    public JobSubmission config(String path) {
        this.config = path;
        return this;
    }

    /** The job's key=value overrides. */
    public JobSubmission set(String... keyValues) {
        overrides.addAll(List.of(keyValues));
        return this;
    }

    /** deploy/submit (spark-submit) options, e.g. "--conf", "spark.task.maxFailures=2". */
    public JobSubmission option(String... submitOptions) {
        options.addAll(List.of(submitOptions));
        return this;
    }

    public JobSubmission timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Also writes every line to this file (for the test's logs). */
    public JobSubmission log(Path file) {
        this.log = file;
        return this;
    }

    /**
     * Writes every line to NAME.log in the build's log directory for integration tests
     * (-Dsplitfuse.itLogs, target/it-logs), else in the temp directory.
     */
    public JobSubmission logAs(String name) throws IOException {
        String configured = System.getProperty("splitfuse.itLogs");
        Path logs = configured != null && !configured.isEmpty() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "splitfuse-it-logs");
        Files.createDirectories(logs);
        return log(logs.resolve(name + ".log"));
    }

    /** SIGKILL to the driver (and anything it started) at the first line that matches. */
    public JobSubmission killDriverWhen(Predicate<String> when) {
        this.killDriverWhen = when;
        return this;
    }

    /** Runs {@code action} once, at the first line that matches. */
    public JobSubmission onLine(Predicate<String> when, Action action) {
        triggers.add(new Trigger(when, action));
        return this;
    }

    /** The command line deploy/submit is run with. */
    public List<String> command() {
        List<String> command = new ArrayList<>(List.of(root.resolve("deploy/submit").toString(), "--master", master));
        command.addAll(options);
        if (config != null) {
            command.add(config);
        }
        command.addAll(overrides);
        return command;
    }

    /** Runs the submission to its end (or the kill, or the timeout). */
    public Result run() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command()).directory(root.toFile()).redirectErrorStream(true);
        Subprocess.applyEnv(pb, env);
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        List<Trigger> pending = new ArrayList<>(triggers);
        ExecutorService actions = Executors.newSingleThreadExecutor();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        boolean[] killed = {false};
        long start = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter copy = log == null ? null : new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            Thread reader = new Thread(() -> {
                try {
                    for (String text; (text = in.readLine()) != null; ) {
                        lines.add(new Line(Duration.ofNanos(System.nanoTime() - start), text));
                        if (copy != null) {
                            copy.println(text);
                        }
                        if (killDriverWhen != null && !killed[0] && killDriverWhen.test(text)) {
                            killed[0] = true;
                            Subprocess.killTree(p.toHandle());
                        }
                        for (Trigger t : List.copyOf(pending)) {
                            if (t.when().test(text)) {
                                pending.remove(t);
                                String matched = text;
                                actions.submit(() -> {
                                    try {
                                        t.action().run(matched);
                                    } catch (Throwable e) {
                                        failures.add(e);
                                    }
                                });
                            }
                        }
                    }
                } catch (IOException e) {
                    // the stream closes when the process is killed
                }
            }, "submit-output");
            reader.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                Subprocess.killTree(p.toHandle());
                p.waitFor();
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            actions.shutdown();
            actions.awaitTermination(2, TimeUnit.MINUTES);
            if (!failures.isEmpty()) {
                IllegalStateException e = new IllegalStateException("an action on the job's output failed");
                failures.forEach(e::addSuppressed);
                throw e;
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            int exit = finished && !killed[0] ? p.exitValue() : -1;
            return new Result(exit, killed[0], !finished, wall, List.copyOf(lines));
        } finally {
            if (p.isAlive()) {
                Subprocess.killTree(p.toHandle());
            }
            actions.shutdownNow();
        }
    }
}
