package org.splitfuse.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a script of the project (deploy/...) to completion, with a timeout, and processes on this machine. */
final class Subprocess {

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Outcome(List<String> command, int exitCode, String output) {

        Outcome requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
            }
            return this;
        }

        /** The last line printed to stdout or stderr. */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private Subprocess() {
    }

    /**
     * Runs {@code command} in {@code dir}; the environment is this JVM's with {@code env} applied
     * (a null value removes the variable).
     */
    static Outcome run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("splitfuse-cmd", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            applyEnv(pb, env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Outcome(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static void applyEnv(ProcessBuilder pb, Map<String, String> env) {
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
    }

    /** SIGKILL to a process and everything it started. */
    static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGKILL, then waits until the process is gone (a zombie counts as gone). */
    static void kill(long pid, Duration timeout) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("process " + pid + " still alive " + timeout + " after SIGKILL");
            }
            Thread.sleep(50);
        }
    }

    /** Running, not a zombie (killed, not yet reaped). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": the state follows the command name, which may hold spaces
            String rest = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !rest.startsWith("Z") && !rest.startsWith("X");
        } catch (IOException e) {
            return false;
        }
    }

    /** A process's command line (arguments joined by spaces), if it is readable. */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A process's working directory, if it is readable. */
    static Optional<Path> workingDir(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Every process id on this machine. */
    static List<Long> allPids() {
        List<Long> pids = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> pids.add(Long.parseLong(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }
}
