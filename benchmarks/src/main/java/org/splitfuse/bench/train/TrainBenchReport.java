package org.splitfuse.bench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.splitfuse.bench.AtomicFiles;

/** Collects the repetitions and writes train-bench.csv (medians) and train-bench.md (ratios, machine, load). */
final class TrainBenchReport {

    private record Key(TrainBench.Network network, String phase) {
    }

    private final String command;
    private final int threads;
    private final int batch;
    private final int warmup;
    private final int steps;
    private final int reps;
    private final Map<Key, List<Measurement>> java = new LinkedHashMap<>();
    private final Map<Key, List<Measurement>> torch = new LinkedHashMap<>();
    private final Map<TrainBench.Network, Long> params = new LinkedHashMap<>();
    private String torchBanner = "";
    private String loadBefore = "";
    private String loadAfter = "";

    TrainBenchReport(String command, int threads, int batch, int warmup, int steps, int reps) {
        this.command = command;
        this.threads = threads;
        this.batch = batch;
        this.warmup = warmup;
        this.steps = steps;
        this.reps = reps;
    }

    void torch(String banner) {
        torchBanner = banner;
    }

    void params(TrainBench.Network n, long count) {
        params.put(n, count);
    }

    void add(TrainBench.Network n, String phase, Measurement j, Measurement t) {
        java.computeIfAbsent(new Key(n, phase), k -> new ArrayList<>()).add(j);
        torch.computeIfAbsent(new Key(n, phase), k -> new ArrayList<>()).add(t);
    }

    void loads(String before, String after) {
        loadBefore = before;
        loadAfter = after;
    }

    void write(Path dir) throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add("model,width,engine,phase,examples_per_s,rss_mb");
        for (Key k : java.keySet()) {
            csv.add(row(k, "java", java.get(k)));
            csv.add(row(k, "pytorch", torch.get(k)));
        }
        AtomicFiles.writeLines(dir.resolve("train-bench.csv"), csv);
        AtomicFiles.writeLines(dir.resolve("train-bench.md"), List.of(markdown().split("\n")));
    }

    private static String row(Key k, String engine, List<Measurement> ms) {
        return String.format(Locale.ROOT, "%s,%s,%s,%s,%.1f,%.1f", k.network().family().id(), width(k.network().width()),
                engine, k.phase(), median(ms, true), median(ms, false));
    }

    /** The table of medians and ratios. */
    String table() {
        StringBuilder s = new StringBuilder();
        s.append("| model | width | parameters | phase | this project (ex/s) | PyTorch (ex/s) | ratio | RSS this project | RSS PyTorch |\n");
        s.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Key k : java.keySet()) {
            double j = median(java.get(k), true);
            double t = median(torch.get(k), true);
            s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %,.0f | %,.0f | **%.2fx** | %,.0f MB | %,.0f MB |%n",
                    k.network().family().id(), width(k.network().width()), params.getOrDefault(k.network(), -1L),
                    k.phase(), j, t, j / t, median(java.get(k), false), median(torch.get(k), false)));
        }
        return s.toString();
    }

    private String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("# train-bench: this project against PyTorch (generated)\n\n");
        s.append("Command: `").append(command).append("`\n\n");
        s.append(String.format(Locale.ROOT, "Machine: %s, %d cores, %s; Java %s; PyTorch %s.%n%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), memTotal(), System.getProperty("java.version"), torchBanner));
        s.append(String.format(Locale.ROOT, "Settings: %d threads for both engines, batch %d, %d warm-up steps then %d timed steps "
                        + "per repetition, %d repetitions interleaved (this project, PyTorch, this project, ...), medians. "
                        + "Fashion-MNIST 1x28x28 from /usr/share/datasets/fashion-mnist. Environment of the JVM: %s.%n%n",
                threads, batch, warmup, steps, reps, allocatorEnv()));
        s.append("Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter).append(".\n\n");
        s.append(table()).append('\n');
        s.append("Ratio: this project's examples/s over PyTorch's. RSS: VmRSS of each process at the end of the phase "
                + "(the JVM's includes its heap). train: the project's Trainer (NativeMemoryGuard on) against "
                + "SGD(nesterov=True) in train mode; infer: InferenceForm + Evaluator against eval mode under no_grad.\n\n");
        s.append("## Every repetition (examples/s, this project / PyTorch)\n\n");
        for (Key k : java.keySet()) {
            s.append("- ").append(k.network().label()).append(' ').append(k.phase()).append(": ");
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < java.get(k).size(); i++) {
                parts.add(String.format(Locale.ROOT, "%.0f / %.0f", java.get(k).get(i).examplesPerSecond(),
                        torch.get(k).get(i).examplesPerSecond()));
            }
            s.append(String.join(", ", parts)).append('\n');
        }
        return s.toString();
    }

    static String width(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }

    static double median(List<Measurement> ms, boolean rate) {
        double[] v = ms.stream().mapToDouble(m -> rate ? m.examplesPerSecond() : m.rssMb()).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(", ", Arrays.copyOf(f, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String allocatorEnv() {
        List<String> set = new ArrayList<>();
        for (String name : List.of("LD_PRELOAD", "MALLOC_CONF", "MALLOC_MMAP_THRESHOLD_", "MALLOC_ARENA_MAX", "OMP_NUM_THREADS")) {
            String v = System.getenv(name);
            if (v != null) {
                set.add(name + "=" + v);
            }
        }
        return set.isEmpty() ? "no allocator settings" : String.join(" ", set);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.0f GiB memory",
                            Long.parseLong(l.replaceAll("\\D", "")) / (1024.0 * 1024.0)))
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
