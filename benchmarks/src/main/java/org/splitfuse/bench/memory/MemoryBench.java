package org.splitfuse.bench.memory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Trainer;

/**
 * Trains a network on real Fashion-MNIST and prints the resident set size as it goes, to show
 * that native memory stays flat (see NativeMemoryGuard). Writes model,epoch,step,rss_mb.
 */
public final class MemoryBench {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse memory-bench [--model vgg11-bn] [--width 0.25] [--epochs 2] [--batch 128]",
            "                                  [--every 10] [--limit 0] [--no-guard] [--data-dir DIR]",
            "                                  [--out out/memory.csv]",
            "Trains on Fashion-MNIST (--limit examples, 0: all; from --data-dir, else the system package)",
            "and prints the RSS curve every --every steps; --no-guard shows the growth without",
            "NativeMemoryGuard. Growth from the end of epoch 1 to the end of the last epoch is the figure of merit.",
            "The committed curve (docs/results/memory.md) is written with --out docs/results/memory.csv.");

    private MemoryBench() {
    }

    public static void main(String[] argv) {
        int exit = command(argv, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, PrintStream err) {
        try {
            run(argv);
            return 0;
        } catch (Exception e) {
            return UserError.report("splitfuse memory-bench", e, err);
        }
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
        boolean guard = !args.flag("no-guard");
        String dataDir = args.string("data-dir", null);
        Path out = Path.of(args.string("out", "out/memory.csv"));
        args.rejectUnused();
        if (!(width > 0 && width <= 64)) {
            throw new InputError("--width must be in (0, 64], got " + width);
        }
        atLeast("--epochs", epochs, 1);
        atLeast("--batch", batch, 1);
        atLeast("--every", every, 1);
        atLeast("--limit", limit, 0);
        // before the minutes of training: an --out that cannot be written is known now
        AtomicFiles.probe(out);

        TrainTest data = Datasets.read(DatasetName.FASHION_MNIST, Datasets.locate(DatasetName.FASHION_MNIST,
                DataLocation.noDownload(dataDir == null ? null : Path.of(dataDir)).namedBy("--data-dir"), s -> { }),
                limit, 0);
        ModelSpec spec = new ModelSpec(family, data.train().shape(), data.train().numClasses(), width, 1);
        ComputationGraph net = ModelZoo.build(spec, OptimizerSpec.paper());
        System.out.printf("memory-bench: %s width %.3g, %d parameters, %d examples, %d epochs, batch %d, guard %s%n",
                family.id(), width, net.numParams(), data.train().size(), epochs, batch, guard ? "on" : "off");
        RssSampler sampler = new RssSampler(every, System.out::println);
        new Trainer("[memory-bench]", 10_000, System.out::println, List.of(sampler), guard)
                .fit(net, data.train().iterator(batch, 7), epochs, data.train().size());

        List<RssSampler.Sample> samples = sampler.samples();
        List<String> lines = new ArrayList<>();
        lines.add("model,epoch,step,rss_mb");
        for (RssSampler.Sample s : samples) {
            lines.add(String.format("%s,%d,%d,%.1f", family.id(), s.epoch(), s.step(), s.rssMb()));
        }
        AtomicFiles.writeLines(out, lines);
        double[] epochEnds = samples.stream().filter(RssSampler.Sample::epochEnd).mapToDouble(RssSampler.Sample::rssMb).toArray();
        if (epochEnds.length >= 2) {
            double first = epochEnds[0];
            double last = epochEnds[epochEnds.length - 1];
            System.out.printf("memory-bench: RSS at end of epoch 1: %.0f MB, end of epoch %d: %.0f MB, growth %.1f%%%n",
                    first, epochEnds.length, last, 100 * (last - first) / first);
        }
        double max = samples.stream().mapToDouble(RssSampler.Sample::rssMb).max().orElse(Double.NaN);
        System.out.printf("memory-bench: peak sampled RSS %.0f MB; wrote %s%n", max, out);
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
