package org.splitfuse.bench.splitdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.splitfuse.core.InputError;

/**
 * One job on the emulated cluster network of deploy/standalone/emulated-cluster: the driver and
 * each Worker in its own network namespace, links shaped by tc, Workers' CPUs limited by cgroups.
 * The script builds the cluster, runs the job through deploy/submit in the driver's namespace and
 * removes everything again, also when the job fails; this class starts it and reads the bytes it
 * counted on the bridge's ports (wire.csv), which include everything Spark's listener does not see.
 */
final class EmulatedCluster {

    static final String SCRIPT = "deploy/standalone/emulated-cluster";
    static final String WIRE_CSV = "wire.csv";

    private EmulatedCluster() {
    }

    /**
     * The network of a comparison: {@code rate} in tc's units (1gbit), {@code workerCpus} the CPUs of
     * each Worker (0: the machine's cores shared equally by the K Workers), {@code name} the prefix
     * of the namespaces (two comparisons at once need two names and two subnets).
     */
    record Network(String rate, double workerCpus, String name, String subnet) {

        boolean emulated() {
            return !rate.isEmpty();
        }

        /** The column value of split-data.csv: the link rate, or loopback for runs inside one JVM. */
        String label() {
            return emulated() ? rate : "loopback";
        }

        double cpusPerWorker(int shards) {
            return workerCpus > 0 ? workerCpus : (double) Runtime.getRuntime().availableProcessors() / shards;
        }
    }

    /** Runs the job ({@code jobArgs}: its config file and overrides) on {@code workers} Workers; its output passes through. */
    static void run(Network net, int workers, double cpus, Path out, List<String> jobArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "run", "--name", net.name(), "--subnet", net.subnet(),
                "--workers", Integer.toString(workers), "--worker-cpus", String.format(Locale.ROOT, "%.3f", cpus),
                "--rate", net.rate(), "--out", out.toAbsolutePath().toString(), "--"));
        cmd.addAll(jobArgs);
        int rc;
        try {
            rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the job ran on the emulated cluster", e);
        }
        if (rc == 2) {
            throw new InputError("the job on the emulated cluster stopped on bad input (its error is above)");
        }
        if (rc != 0) {
            throw new IllegalStateException("the job on the emulated cluster failed with exit " + rc + " (its output is above)");
        }
    }

    /** The bytes all nodes had sent at each point of wire.csv (start, every stage's end, end), in file order. */
    static Map<String, Long> sentAt(Path runDir) throws IOException {
        Map<String, Long> points = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(runDir.resolve(WIRE_CSV));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 2);
            long total = 0;
            for (String node : f[1].split(";")) {
                total += Long.parseLong(node.substring(node.indexOf('=') + 1));
            }
            points.put(f[0], total);
        }
        if (!points.containsKey("start") || !points.containsKey("end")) {
            throw new IllegalStateException(runDir.resolve(WIRE_CSV) + " lacks its start or end point");
        }
        return points;
    }

    /** Bytes on the wire during each stage (from the previous point to its end) and, under "total", the whole run. */
    static Map<String, Long> perStage(Path runDir) throws IOException {
        Map<String, Long> at = sentAt(runDir);
        Map<String, Long> stages = new LinkedHashMap<>();
        long previous = at.get("start");
        for (Map.Entry<String, Long> p : at.entrySet()) {
            if (!p.getKey().equals("start") && !p.getKey().equals("end")) {
                stages.put(p.getKey(), p.getValue() - previous);
                previous = p.getValue();
            }
        }
        stages.put("total", at.get("end") - at.get("start"));
        return stages;
    }

    /** The script, from the working directory or a parent of it (bin/splitfuse runs verbs from the project root). */
    static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(SCRIPT))) {
                return dir.resolve(SCRIPT);
            }
        }
        throw new InputError("the emulated network needs " + SCRIPT + " of the project: run from its checkout");
    }
}
