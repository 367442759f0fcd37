package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.core.ot.TransportPlan;
import org.splitfuse.core.ot.TransportSolver;

/**
 * Times the exact OT solver on dense random costs and, when Debian's python3-pot is installed,
 * POT's ot.emd on the very same matrices. Writes n,m,marginals,java_ms,pot_ms,ratio,objective_rel_diff.
 */
public final class OtBench {

    private OtBench() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, "ot-bench", String.join("\n",
                "usage: bin/splitfuse ot-bench [--sizes 128x64,512x256,1024x512,2048x1024] [--repeats 5]",
                "                              [--python /usr/bin/python3] [--no-pot] [--out docs/results/ot-bench.csv]",
                "Times exact OT (network simplex) on dense random costs with uniform and importance-like",
                "marginals; with python3-pot installed (apt-get install python3-pot) also POT's ot.emd on the",
                "same matrices, and prints the time ratio java/pot and the relative objective difference."));
        String[] sizes = args.string("sizes", "128x64,512x256,1024x512,2048x1024").split(",");
        int repeats = args.integer("repeats", 5);
        String python = args.string("python", "/usr/bin/python3");
        boolean usePot = !args.flag("no-pot") && potAvailable(python);
        Path out = Path.of(args.string("out", "docs/results/ot-bench.csv"));
        args.rejectUnused();
        if (!usePot) {
            System.out.println("ot-bench: POT not used (install Debian's python3-pot for the comparison)");
        }

        warmUp();
        List<String> csv = new ArrayList<>();
        csv.add("n,m,marginals,java_ms,pot_ms,ratio,objective_rel_diff");
        System.out.printf("%-10s %-10s %10s %10s %8s %12s%n", "size", "marginals", "java_ms", "pot_ms", "ratio", "obj_rel_diff");
        for (String size : sizes) {
            String[] nm = size.trim().split("x");
            int n = Integer.parseInt(nm[0]);
            int m = Integer.parseInt(nm[1]);
            for (String kind : new String[] {"uniform", "importance"}) {
                Random r = new Random(31L * n + m + kind.hashCode());
                double[] a = masses(r, n, kind);
                double[] b = masses(r, m, kind);
                double[][] c = new double[n][m];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] = r.nextDouble();
                    }
                }
                TransportSolver solver = TransportSolver.exact();
                TransportPlan plan = solver.solve(a, b, c); // warm-up (JIT) and the reported objective
                double[] times = new double[repeats];
                for (int k = 0; k < repeats; k++) {
                    long start = System.nanoTime();
                    solver.solve(a, b, c);
                    times[k] = (System.nanoTime() - start) / 1e6;
                }
                double javaMs = median(times);
                String potMs = "";
                String ratio = "";
                String diff = "";
                if (usePot) {
                    double[] pot = runPot(python, a, b, c, repeats);
                    potMs = String.format("%.3f", pot[0]);
                    ratio = String.format("%.3f", javaMs / pot[0]);
                    diff = String.format("%.3e", Math.abs(plan.objective() - pot[1]) / Math.abs(pot[1]));
                }
                csv.add(String.join(",", String.valueOf(n), String.valueOf(m), kind, String.format("%.3f", javaMs),
                        potMs, ratio, diff));
                System.out.printf("%-10s %-10s %10.3f %10s %8s %12s%n", n + "x" + m, kind, javaMs, potMs, ratio, diff);
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, csv);
        System.out.println("ot-bench: medians of " + repeats + " runs; wrote " + out);
    }

    /** Gives the JIT the solver's hot loops before anything is timed (a JVM's steady state). */
    private static void warmUp() {
        Random r = new Random(1);
        for (int round = 0; round < 30; round++) {
            int n = 64 + r.nextInt(256);
            int m = 32 + r.nextInt(128);
            double[][] c = new double[n][m];
            for (double[] row : c) {
                for (int j = 0; j < m; j++) {
                    row[j] = r.nextDouble();
                }
            }
            TransportSolver.exact().solve(masses(r, n, "importance"), masses(r, m, "importance"), c);
        }
    }

    /** uniform, or importance-like: |N(0,1)| + 0.05, as L1 importances of neurons look. */
    private static double[] masses(Random r, int k, String kind) {
        double[] mass = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            mass[i] = kind.equals("uniform") ? 1 : Math.abs(r.nextGaussian()) + 0.05;
            sum += mass[i];
        }
        for (int i = 0; i < k; i++) {
            mass[i] /= sum;
        }
        return mass;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static boolean potAvailable(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import ot").redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Returns {median ms, objective} of POT on the same matrices. */
    private static double[] runPot(String python, double[] a, double[] b, double[][] c, int repeats) throws Exception {
        Path dir = Files.createTempDirectory("ot-bench");
        try {
            Npy.write(dir.resolve("a.npy"), a, a.length, 1);
            Npy.write(dir.resolve("b.npy"), b, b.length, 1);
            double[] flat = new double[c.length * c[0].length];
            for (int i = 0; i < c.length; i++) {
                System.arraycopy(c[i], 0, flat, i * c[0].length, c[0].length);
            }
            Npy.write(dir.resolve("C.npy"), flat, c.length, c[0].length);
            Path script = Path.of("benchmarks/src/main/python/pot_emd.py");
            Process p = new ProcessBuilder(python, script.toString(), dir.toString(), String.valueOf(repeats))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("POT run failed: " + output);
            }
            String json = output.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElseThrow(
                    () -> new IOException("no result from POT: " + output));
            return new double[] {field(json, "median_ms"), field(json, "objective")};
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static double field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":");
        int start = at + name.length() + 3;
        int end = start;
        while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return Double.parseDouble(json.substring(start, end).trim());
    }
}
