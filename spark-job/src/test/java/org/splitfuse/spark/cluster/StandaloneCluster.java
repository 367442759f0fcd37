package org.splitfuse.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster for tests: a Master and Workers, each its own JVM on 127.0.0.1,
 * started and stopped through deploy/standalone's scripts (the path a user takes), on free ports
 * and with a state directory of its own, so that it cannot clash with a user's cluster. Offers the
 * faults a test needs: SIGKILL to an executor or a Worker, a Worker started again.
 *
 * <p>The Spark is the one deploy/ assembles from Maven Central (SPARK_HOME is ignored), so the
 * cluster runs the project's own Spark version.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** Workers of the shared cluster, 1 core each: one executor per Worker, one per shard. */
    public static final int WORKERS = 2;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static final Pattern EXECUTOR_ID = Pattern.compile("--executor-id (\\S+)");

    private static StandaloneCluster shared;

    private final Path root;
    private final Path state;
    private final String masterUrl;
    private final int webUiPort;
    private final Map<String, String> env;
    private boolean closed;

    private StandaloneCluster(Path root, Path state, String masterUrl, int webUiPort, Map<String, String> env) {
        this.root = root;
        this.state = state;
        this.masterUrl = masterUrl;
        this.webUiPort = webUiPort;
        this.env = env;
    }

    /**
     * One cluster for every test of this JVM (failsafe runs all integration tests in one), started
     * on first use and stopped when the JVM exits. A test that kills a Worker starts it again.
     */
    public static synchronized StandaloneCluster shared() throws IOException, InterruptedException {
        if (shared == null) {
            // -Dsplitfuse.itCluster (target/it-cluster): the logs stay there for a look after a failure
            String configured = System.getProperty("splitfuse.itCluster");
            Path state = configured != null && !configured.isEmpty() ? Path.of(configured)
                    : Files.createTempDirectory("splitfuse-cluster");
            if (Files.exists(state.resolve("master.pid"))) {
                // a cluster a killed test run left behind
                Subprocess.run(List.of(projectRoot().resolve("deploy/standalone/stop-cluster").toString(), "--state",
                        state.toString()), projectRoot(), Map.of(), Duration.ofMinutes(1));
            }
            deleteRecursively(state.resolve("work"));
            deleteRecursively(state.resolve("local"));
            deleteRecursively(state.resolve("logs"));
            Files.createDirectories(state);
            // (a killed Worker is dropped by the Master at once, when its connection closes: no
            // shorter spark.worker.timeout is needed, and one set for the Master alone would make it
            // drop live Workers, which heartbeat at a quarter of their own timeout)
            StandaloneCluster cluster = start(state, WORKERS, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-standalone-cluster"));
            shared = cluster;
        }
        return shared;
    }

    /** Starts a cluster of {@code workers} 1-core Workers whose pid files, logs and work dirs live in {@code state}. */
    public static StandaloneCluster start(Path state, int workers, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path root = projectRoot();
        Files.createDirectories(state);
        state = state.toRealPath(); // as /proc shows executors' working dirs
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("SPARK_HOME", null);
        int port = freePort();
        int webUi = freePort();
        List<String> command = List.of(root.resolve("deploy/standalone/start-cluster").toString(),
                "--workers", Integer.toString(workers), "--cores", "1", "--memory", "3g", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(webUi), "--worker-webui-port", "0",
                "--state", state.toString(), "--timeout", Long.toString(START_TIMEOUT.toSeconds() - 10));
        Subprocess.Outcome started = Subprocess.run(command, root, env, START_TIMEOUT).requireSuccess();
        String url = started.lastLine();
        if (!url.equals("spark://127.0.0.1:" + port)) {
            throw new IllegalStateException("start-cluster printed '" + url + "', expected the master URL:\n" + started.output());
        }
        return new StandaloneCluster(root, state, url, webUi, env);
    }

    /** The repository root: -Dsplitfuse.root (set by the build), else the first parent directory holding deploy/submit. */
    public static Path projectRoot() {
        String configured = System.getProperty("splitfuse.root");
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/submit"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the splitfuse root (deploy/submit) above " + Path.of("").toAbsolutePath());
    }

    public String masterUrl() {
        return masterUrl;
    }

    public Path root() {
        return root;
    }

    /** Pid files, cluster.env, logs/ (master.log, worker-N.log), work/worker-N/APP/EXECUTOR/. */
    public Path stateDir() {
        return state;
    }

    /** The environment changes every script of this cluster runs with (SPARK_HOME removed). */
    Map<String, String> env() {
        return env;
    }

    /** The Master's JSON status (workers, applications), from its web UI. */
    public String masterJson() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** Workers the Master counts as alive. */
    public int aliveWorkers() throws IOException, InterruptedException {
        Matcher m = ALIVE_WORKERS.matcher(masterJson());
        if (!m.find()) {
            throw new IllegalStateException("no aliveworkers in the Master's status");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Worker number (1, 2, ...) to its JVM's pid, for the Workers running now. */
    public Map<Integer, Long> workerPids() throws IOException {
        Map<Integer, Long> pids = new TreeMap<>();
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.matches("worker-\\d+\\.pid")) {
                    long pid = Long.parseLong(Files.readString(f).strip());
                    if (Subprocess.alive(pid)) {
                        pids.put(Integer.parseInt(name.substring(7, name.length() - 4)), pid);
                    }
                }
            }
        }
        return pids;
    }

    /** The executor JVMs of this cluster's Workers running now (their working dirs are under work/). */
    public List<Long> executorPids() {
        Path work = state.resolve("work");
        List<Long> pids = new ArrayList<>();
        for (long pid : Subprocess.allPids()) {
            if (Subprocess.commandLine(pid).filter(c -> c.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).isPresent()
                    && Subprocess.workingDir(pid).filter(d -> d.startsWith(work)).isPresent() && Subprocess.alive(pid)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** The running executors by Spark executor id (the driver's "executor N") to pid. */
    public Map<String, Long> executors() {
        Map<String, Long> byId = new TreeMap<>();
        for (long pid : executorPids()) {
            Subprocess.commandLine(pid).map(EXECUTOR_ID::matcher).filter(Matcher::find)
                    .ifPresent(m -> byId.put(m.group(1), pid));
        }
        return byId;
    }

    /** An executor's work dir (stdout, stderr, its copy of the jar): work/worker-N/APP/EXECUTOR. */
    public Path executorDir(String appId, String executorId) throws IOException {
        try (Stream<Path> workers = Files.list(state.resolve("work"))) {
            for (Path w : workers.toList()) {
                Path d = w.resolve(appId).resolve(executorId);
                if (Files.isDirectory(d)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("no work dir of executor " + executorId + " of " + appId);
    }

    /** Waits until {@code file} (a log) contains {@code text}. */
    public static void awaitText(Path file, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isRegularFile(file) || !Files.readString(file).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("'" + text + "' not in " + file + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until no executor of this cluster runs (an application's executors exit after it ends). */
    public void awaitNoExecutors(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!executorPids().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executors " + executorPids() + " still running after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /** Waits until at least {@code n} executors run, and returns them. */
    public List<Long> awaitExecutors(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Long> pids = executorPids();
            if (pids.size() >= n) {
                return pids;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pids.size() + " of " + n + " executors running after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL to one executor JVM; returns when it is gone. */
    public void killExecutor(long pid) throws InterruptedException {
        if (!executorPids().contains(pid)) {
            throw new IllegalArgumentException(pid + " is not an executor of this cluster");
        }
        Subprocess.kill(pid, Duration.ofSeconds(30));
    }

    /** SIGKILL to Worker {@code n}'s JVM (its executors exit when they lose it); returns the pid killed. */
    public long killWorker(int n) throws IOException, InterruptedException {
        Long pid = workerPids().get(n);
        if (pid == null) {
            throw new IllegalArgumentException("worker-" + n + " is not running");
        }
        Subprocess.kill(pid, Duration.ofSeconds(30));
        return pid;
    }

    /** Starts Worker {@code n} again (deploy/standalone/start-worker) and waits until it has registered. */
    public void restartWorker(int n) throws IOException, InterruptedException {
        Subprocess.run(List.of(root.resolve("deploy/standalone/start-worker").toString(), "--state", state.toString(),
                "--timeout", "120", Integer.toString(n)), root, env, Duration.ofMinutes(3)).requireSuccess();
    }

    /** The stderr logs of every executor the Workers have started (work/worker-N/APP/EXECUTOR/stderr). */
    public List<Path> executorLogs(String appIdPrefix) throws IOException {
        try (Stream<Path> files = Files.walk(state.resolve("work"), 4)) {
            return files.filter(f -> f.getFileName().toString().equals("stderr"))
                    .filter(f -> f.getParent().getParent().getFileName().toString().startsWith(appIdPrefix))
                    .sorted().toList();
        }
    }

    /**
     * Stops the Workers and the Master (deploy/standalone/stop-cluster). The state dir stays, with
     * the logs; the executors' copies of the cluster jar (150 MB each) are deleted.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Subprocess.run(List.of(root.resolve("deploy/standalone/stop-cluster").toString(), "--state", state.toString()),
                    root, env, Duration.ofMinutes(1)).requireSuccess();
            try (Stream<Path> files = Files.walk(state.resolve("work"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            deleteRecursively(state.resolve("local"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
