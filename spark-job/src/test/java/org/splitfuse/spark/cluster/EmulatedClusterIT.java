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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.data.RealData;

/**
 * deploy/standalone/emulated-cluster (the benchmarks' emulated cluster network): a PaF job runs on
 * two Workers in their own network namespaces behind shaped links; the bytes counted on the wire
 * cover what Spark's listener counts; a link carries no more than its rate; nothing of the cluster
 * is left afterwards, also when the job fails. Needs root (namespaces, tc, cgroups).
 */
class EmulatedClusterIT {

    private static final String NAME = "sfit";
    private static final String SUBNET = "10.214.7";

    private static Path script() {
        return StandaloneCluster.projectRoot().resolve("deploy/standalone/emulated-cluster");
    }

    /** Root or skipped; and no cluster of this test's name from an earlier, interrupted run. */
    private static void assumeRoot() throws Exception {
        Subprocess.Outcome id = Subprocess.run(List.of("id", "-u"), StandaloneCluster.projectRoot(), Map.of(), Duration.ofSeconds(10));
        assumeTrue(id.output().strip().equals("0"), "the emulated network needs root");
        Subprocess.run(List.of(script().toString(), "stop", "--name", NAME), StandaloneCluster.projectRoot(), Map.of(),
                Duration.ofMinutes(1));
    }

    private static boolean leftovers() throws Exception {
        String ns = Subprocess.run(List.of("ip", "netns", "list"), StandaloneCluster.projectRoot(), Map.of(),
                Duration.ofSeconds(10)).output();
        return ns.contains(NAME + "-") || Files.exists(Path.of("/sys/fs/cgroup/cpu/" + NAME + "-d"));
    }

    /** wire.csv: the bytes all nodes had sent at each point. */
    private static Map<String, Long> points(Path wire) throws Exception {
        Map<String, Long> at = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(wire);
        assertEquals("point,bytes_sent_by_node", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 2);
            long total = 0;
            for (String node : f[1].split(";")) {
                total += Long.parseLong(node.split("=")[1]);
            }
            at.put(f[0], total);
        }
        return at;
    }

    @Test
    void runsAJobBehindShapedLinksCountsItsBytesAndLeavesNothing(@TempDir Path dir) throws Exception {
        assumeRoot();
        RealData.fashionMnist();
        Path root = StandaloneCluster.projectRoot();
        Path out = dir.resolve("paf");
        Subprocess.Outcome run = Subprocess.run(List.of(script().toString(), "run", "--name", NAME, "--subnet", SUBNET,
                "--workers", "2", "--worker-cpus", "1", "--rate", "200mbit", "--out", out.toString(), "--",
                "configs/quickstart.conf", "model.family=small-cnn", "data.train-limit=2000", "data.test-limit=500",
                "train.epochs=1", "output.checkpoints=\"\""), root, Map.of(), Duration.ofMinutes(6)).requireSuccess();
        assertFalse(leftovers(), "namespaces or cgroups left after the run");
        assertTrue(run.output().contains("spark://" + SUBNET + ".1:7077"), run.output());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.at("/final_model/test_accuracy").asDouble() > 0.3, "trained: " + report.at("/final_model"));
        Map<String, Long> at = points(out.resolve("wire.csv"));
        List<String> stages = new java.util.ArrayList<>();
        report.get("stages").forEach(s -> stages.add(s.get("name").asText()));
        List<String> expected = new java.util.ArrayList<>(List.of("start"));
        expected.addAll(stages);
        expected.add("end");
        assertEquals(expected, List.copyOf(at.keySet()), "a point at the start, after every stage and at the end");
        long wire = at.get("end") - at.get("start");
        long listener = report.get("bytes_moved").asLong();
        // the models themselves cross the wire (plus RPCs, heartbeats, TCP/IP headers); no jar does (local:)
        assertTrue(wire >= 0.9 * listener, "wire " + wire + " against Spark's listener " + listener);
        assertTrue(wire < 3 * listener + 20_000_000L, "no cluster jar (about 150 MB) on the wire: " + wire);
    }

    @Test
    void aLinkCarriesNoMoreThanItsRateAndAFailedStartLeavesNothing(@TempDir Path dir) throws Exception {
        assumeRoot();
        Path root = StandaloneCluster.projectRoot();
        try {
            Subprocess.run(List.of(script().toString(), "start", "--name", NAME, "--subnet", SUBNET, "--workers", "1",
                    "--rate", "100mbit", "--memory", "1g"), root, Map.of(), Duration.ofMinutes(3)).requireSuccess();
            // 25 MB from the driver's namespace to the Worker's: at 100 Mbit/s at least 2 s
            String py = "import socket,sys,threading,time\n"
                    + "srv=socket.socket();srv.bind(('" + SUBNET + ".1',0));srv.listen(1)\n"
                    + "print(srv.getsockname()[1],flush=True)\n"
                    + "c,_=srv.accept();n=0\n"
                    + "while True:\n b=c.recv(1<<20)\n if not b: break\n n+=len(b)\n"
                    + "print(n)\n";
            Path server = dir.resolve("server.py");
            Files.writeString(server, py);
            Process srv = new ProcessBuilder(script().toString(), "exec", "--name", NAME, "python3", server.toString())
                    .redirectErrorStream(true).start();
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(srv.getInputStream()));
            String port = lines.readLine();
            String client = "import socket,time\nc=socket.create_connection(('" + SUBNET + ".1'," + port + "))\n"
                    + "t=time.time()\nfor _ in range(25): c.sendall(b'x'*1000000)\nc.close();print(time.time()-t)\n";
            Path clientPy = dir.resolve("client.py");
            Files.writeString(clientPy, client);
            long start = System.nanoTime();
            Subprocess.run(List.of("ip", "netns", "exec", NAME + "-w1", "python3", clientPy.toString()), root, Map.of(),
                    Duration.ofMinutes(1)).requireSuccess();
            assertEquals("25000000", lines.readLine());
            srv.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 1.8, "25 MB over a 100 Mbit/s link took " + seconds + " s");
            String bytes = Subprocess.run(List.of(script().toString(), "bytes", "--name", NAME), root, Map.of(),
                    Duration.ofSeconds(20)).requireSuccess().output();
            long sentByWorker = bytes.lines().filter(l -> l.startsWith("w1 ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                    .findFirst().orElseThrow();
            assertTrue(sentByWorker >= 25_000_000L, "the bridge counted what worker 1 sent: " + bytes);
        } finally {
            Subprocess.run(List.of(script().toString(), "stop", "--name", NAME), root, Map.of(), Duration.ofMinutes(1));
        }
        assertFalse(leftovers(), "stop left namespaces or cgroups");

        // a cluster that cannot start (a Worker asking for more memory than the JVM can have) is removed again
        Subprocess.Outcome failed = Subprocess.run(List.of(script().toString(), "start", "--name", NAME, "--subnet", SUBNET,
                "--workers", "1", "--rate", "1gbit", "--timeout", "0"), root, Map.of(), Duration.ofMinutes(3));
        assertTrue(failed.exitCode() != 0, failed.output());
        assertFalse(leftovers(), "a failed start left namespaces or cgroups:\n" + failed.output());
    }
}
