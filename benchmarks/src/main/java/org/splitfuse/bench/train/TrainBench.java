package org.splitfuse.bench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.bench.Verbs;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.train.NativeThreads;

/**
 * Training and inference throughput of the zoo's networks, this project against PyTorch, in one
 * run: the repetitions are interleaved (Java, PyTorch, Java, ...) and the medians compared as a ratio.
 */
public final class TrainBench {

    static final String VERB = "train-bench";
    static final Path SCRIPT = Path.of("benchmarks", "src", "main", "python", "torch_train_bench.py");
    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse train-bench [--models small-cnn:0.25,vgg11-bn:0.25,resnet18:0.25,vgg11-bn:1]",
            "                                 [--phases train,infer] [--reps 3] [--batch 128] [--warmup 5] [--steps 20]",
            "                                 [--threads 2] [--python PATH] [--out out/train-bench]",
            "Trains (SGD, Nesterov momentum 0.9, weight decay 5e-4) and evaluates each network on real Fashion-MNIST",
            "(1x28x28) with this project and with PyTorch (" + TorchWorker.INSTALL_HINT + "), interleaved, and",
            "writes train-bench.csv (model,width,engine,phase,examples_per_s,rss_mb: medians) and train-bench.md.");

    private TrainBench() {
    }

    record Network(ModelFamily family, double width) {
        String label() {
            return family.id() + " x" + TrainBenchReport.width(width);
        }
    }

    public static void main(String[] argv) {
        Verbs.exit(command(argv, System.err));
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, java.io.PrintStream err) {
        return Verbs.command(VERB, TrainBench::run, argv, err);
    }

    private static void run(String[] argv) throws IOException {
        String command = "bin/splitfuse " + VERB + (argv.length == 0 ? "" : " " + String.join(" ", argv));
        BenchArgs args = BenchArgs.parse(argv, VERB, USAGE);
        List<Network> networks = networks(args.string("models", "small-cnn:0.25,vgg11-bn:0.25,resnet18:0.25,vgg11-bn:1"));
        List<String> phases = phases(args.string("phases", "train,infer"));
        int reps = positive(args, "reps", 3);
        int batch = positive(args, "batch", 128);
        int warmup = positive(args, "warmup", 5);
        int steps = positive(args, "steps", 20);
        int threads = positive(args, "threads", 2);
        String python = args.string("python", null);
        Path out = Path.of(args.string("out", "out/train-bench"));
        args.rejectUnused();
        // before minutes of measuring: an --out that cannot be written is known now
        AtomicFiles.probe(out.resolve("train-bench.csv"));
        Path script = findUpwards(SCRIPT);
        if (script == null) {
            error("cannot find " + SCRIPT + " (run from the project checkout)");
        }

        String loadBefore = TrainBenchReport.loadAverage();
        TrainTest data = Datasets.fashionMnist(0, 0);
        NativeThreads.use(threads);
        List<String> pythons = python != null ? List.of(python) : List.of("/usr/bin/python3", "python3");
        Optional<TorchWorker> started = TorchWorker.start(pythons, script, threads);
        if (started.isEmpty()) {
            error("none of " + pythons + " can import torch and numpy; install them with: " + TorchWorker.INSTALL_HINT);
        }
        JavaEngine java = new JavaEngine(data);
        TrainBenchReport report = new TrainBenchReport(command, threads, batch, warmup, steps, reps);
        try (TorchWorker torch = started.get()) {
            report.torch(torch.banner());
            System.out.println("train-bench: PyTorch " + torch.banner());
            for (Network n : networks) {
                long javaParams = java.params(n.family(), n.width());
                long torchParams = torch.params(n.family().id(), n.width());
                if (javaParams != torchParams) {
                    throw new IllegalStateException(n.label() + ": the PyTorch form has " + torchParams
                            + " parameters, the zoo's " + javaParams + ": not the same architecture");
                }
                report.params(n, javaParams);
            }
            for (int rep = 1; rep <= reps; rep++) {
                for (Network n : networks) {
                    for (String phase : phases) {
                        Measurement j = phase.equals("train")
                                ? java.train(n.family(), n.width(), batch, warmup, steps, rep)
                                : java.infer(n.family(), n.width(), batch, warmup, steps);
                        Measurement t = phase.equals("train")
                                ? torch.train(n.family().id(), n.width(), batch, warmup, steps, rep)
                                : torch.infer(n.family().id(), n.width(), batch, warmup, steps);
                        report.add(n, phase, j, t);
                        System.out.printf(Locale.ROOT, "train-bench: rep %d %s %s: java %.1f ex/s (%.0f MB), pytorch %.1f ex/s (%.0f MB), ratio %.2f%n",
                                rep, n.label(), phase, j.examplesPerSecond(), j.rssMb(), t.examplesPerSecond(), t.rssMb(),
                                j.examplesPerSecond() / t.examplesPerSecond());
                    }
                }
            }
        }
        report.loads(loadBefore, TrainBenchReport.loadAverage());
        Files.createDirectories(out);
        report.write(out);
        System.out.println("train-bench: wrote " + out.resolve("train-bench.csv") + " and " + out.resolve("train-bench.md"));
        System.out.print(report.table());
    }

    static List<Network> networks(String text) {
        List<Network> networks = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] parts = item.trim().split(":");
            if (parts.length != 2) {
                error("--models expects MODEL:WIDTH,... (e.g. vgg11-bn:0.25), got '" + item.trim() + "'");
            }
            ModelFamily family;
            try {
                family = ModelFamily.parse(parts[0]);
            } catch (IllegalArgumentException e) {
                error("--models: " + e.getMessage());
                return networks;
            }
            if (family == ModelFamily.MLP) {
                error("--models: mlp has no PyTorch form in train-bench; use small-cnn, vgg11-bn or resnet18");
            }
            double width;
            try {
                width = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                width = Double.NaN;
            }
            if (!(width > 0) || Double.isInfinite(width)) {
                error("--models: width must be a number > 0, got '" + parts[1] + "'");
            }
            networks.add(new Network(family, width));
        }
        return networks;
    }

    static List<String> phases(String text) {
        List<String> phases = new ArrayList<>();
        for (String p : text.split(",")) {
            String phase = p.trim();
            if (!phase.equals("train") && !phase.equals("infer")) {
                error("--phases expects train and/or infer, got '" + phase + "'");
            }
            phases.add(phase);
        }
        return phases;
    }

    private static int positive(BenchArgs args, String name, int fallback) {
        int v = args.integer(name, fallback);
        if (v < 1) {
            error("--" + name + " must be >= 1, got " + v);
        }
        return v;
    }

    private static Path findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return null;
    }

    private static void error(String message) {
        throw new org.splitfuse.core.InputError(message);
    }
}
