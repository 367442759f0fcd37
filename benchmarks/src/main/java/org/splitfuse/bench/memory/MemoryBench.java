package org.splitfuse.bench.memory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.bench.Verbs;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.NativeMemoryGuard;
import org.splitfuse.core.train.NativeThreads;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Trainer;

/**
 * Trains a network on real Fashion-MNIST and prints the resident set size as it goes, to show
 * that native memory stays flat (see NativeMemoryGuard). Writes model,epoch,step,rss_mb.
 */
public final class MemoryBench {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse memory-bench [--model vgg11-bn] [--width 0.25] [--epochs 2] [--batch 128]",
            "                                  [--every 10] [--limit 0] [--threads 2] [--no-guard] [--trim]",
            "                                  [--data-dir DIR] [--out out/memory-bench/memory.csv]",
            "Trains on Fashion-MNIST (--limit examples, 0: all; from --data-dir, else the system package)",
            "and prints the RSS curve every --every steps; --no-guard shows the growth without",
            "NativeMemoryGuard, --trim makes the guard return freed memory to the system after each collection;",
            "the allocator is the environment's (bin/splitfuse: SPLITFUSE_MALLOC). Also prints the training",
            "throughput. Growth from the end of epoch 1 to the end of the last epoch is the figure of merit.",
            "The committed curve (docs/results/memory.md) is written with --out docs/results/memory.csv.");

    private MemoryBench() {
    }

    public static void main(String[] argv) {
        Verbs.exit(command(argv, System.err));
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, java.io.PrintStream err) {
        return Verbs.command("memory-bench", MemoryBench::run, argv, err);
    }

    private static void run(String... argv) throws IOException {
        BenchArgs args = BenchArgs.parse(argv, "memory-bench", USAGE);
        String model = args.string("model", "vgg11-bn");
        ModelFamily family = option("--model", () -> ModelFamily.parse(model));
        double width = args.number("width", 0.25);
        int epochs = args.integer("epochs", 2);
        int batch = args.integer("batch", 128);
        int every = args.integer("every", 10);
        int limit = args.integer("limit", 0);
        int threads = args.integer("threads", 2);
        boolean guard = !args.flag("no-guard");
        boolean trim = args.flag("trim");
        String dataDir = args.string("data-dir", null);
        Path out = Path.of(args.string("out", "out/memory-bench/memory.csv"));
        args.rejectUnused();
        if (!(width > 0 && width <= 64)) {
            throw new InputError("--width must be in (0, 64], got " + width);
        }
        atLeast("--epochs", epochs, 1);
        atLeast("--batch", batch, 1);
        atLeast("--every", every, 1);
        atLeast("--limit", limit, 0);
        atLeast("--threads", threads, 1);
        String setting = allocator() + (guard ? "+guard" + (trim ? "+trim" : "") : "");
        // before the minutes of training: an --out that cannot be written is known now
        AtomicFiles.probe(out);

        TrainTest data = Datasets.read(DatasetName.FASHION_MNIST, Datasets.locate(DatasetName.FASHION_MNIST,
                DataLocation.noDownload(dataDir == null ? null : Path.of(dataDir)).namedBy("--data-dir"), s -> { }),
                limit, 0);
        NativeThreads.use(threads);
        ModelSpec spec = new ModelSpec(family, data.train().shape(), data.train().numClasses(), width, 1);
        ComputationGraph net = ModelZoo.build(spec, OptimizerSpec.paper());
        System.out.printf("memory-bench: %s width %.3g, %d parameters, %d examples, %d epochs, batch %d, %d threads, setting %s%n",
                family.id(), width, net.numParams(), data.train().size(), epochs, batch, threads, setting);
        RssSampler sampler = new RssSampler(every, System.out::println);
        new Trainer("[memory-bench]", 10_000, System.out::println, List.of(sampler),
                guard ? () -> new NativeMemoryGuard(NativeMemoryGuard.DEFAULT_BUDGET_BYTES, trim) : null)
                .fit(net, data.train().iterator(batch, 7), epochs, data.train().size());

        List<RssSampler.Sample> samples = sampler.samples();
        List<String> lines = new ArrayList<>();
        lines.add("model,setting,epoch,step,rss_mb");
        for (RssSampler.Sample s : samples) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%d,%d,%.1f", family.id(), setting, s.epoch(), s.step(), s.rssMb()));
        }
        AtomicFiles.writeLines(out, lines);
        double[] epochEnds = samples.stream().filter(RssSampler.Sample::epochEnd).mapToDouble(RssSampler.Sample::rssMb).toArray();
        if (epochEnds.length >= 2) {
            double first = epochEnds[0];
            double last = epochEnds[epochEnds.length - 1];
            System.out.printf(Locale.ROOT, "memory-bench: RSS at end of epoch 1: %.0f MB, end of epoch %d: %.0f MB, growth %.1f%%%n",
                    first, epochEnds.length, last, 100 * (last - first) / first);
        }
        double max = samples.stream().mapToDouble(RssSampler.Sample::rssMb).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "memory-bench: peak sampled RSS %.0f MB; wrote %s%n", max, out);
        // throughput from the first sample on (the first steps are JIT and oneDNN warm-up)
        if (samples.size() >= 2) {
            RssSampler.Sample first = samples.get(0);
            RssSampler.Sample last = samples.get(samples.size() - 1);
            double examples = (last.step() - first.step()) * (double) batch;
            System.out.printf(Locale.ROOT, "memory-bench: training throughput %.1f examples/s, %.1f examples per CPU second (steps %d to %d)%n",
                    examples / ((last.nanos() - first.nanos()) / 1e9), examples / ((last.cpuNanos() - first.cpuNanos()) / 1e9),
                    first.step(), last.step());
        }
    }

    /** The allocator as the environment sets it: glibc (with its MALLOC_ settings) or a preloaded one. */
    static String allocator() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload != null && preload.contains("jemalloc")) {
            return "jemalloc";
        }
        if (preload != null && preload.contains("tcmalloc")) {
            return "tcmalloc";
        }
        StringBuilder s = new StringBuilder("glibc");
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        if (threshold != null && !threshold.isEmpty()) {
            s.append("+mmap").append(threshold);
        }
        return s.toString();
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new InputError(option + " must be >= " + min + ", got " + value);
        }
    }

    /** A parser's complaint about an option's value is bad input, named by the option. */
    private static <T> T option(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InputError(option + ": " + e.getMessage(), e);
        }
    }
}
