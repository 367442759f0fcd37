package org.splitfuse.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An entry point in its own JVM, for tests that send it a signal: the test's flags and classpath, no agents. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code main} with {@code args}; its stdin is closed. */
    public static Process start(Class<?> main, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the JVM flags this test runs with (Java 17's opens for Spark, the heap), no agents
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        return p;
    }

    /** Everything the process writes to stderr, read as it runs. */
    public static CompletableFuture<String> stderr(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }
}
