package org.splitfuse.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.BenchArgs;
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

    private MemoryBench() {
    }

    public static void main(String[] argv) throws IOException {
        BenchArgs args = BenchArgs.parse(argv, "memory-bench", String.join("\n",
                "usage: bin/splitfuse memory-bench [--model vgg11-bn] [--width 0.25] [--epochs 2] [--batch 128]",
                "                                  [--every 10] [--limit 0] [--no-guard] [--out docs/results/memory.csv]",
                "Trains on Fashion-MNIST and prints the RSS curve; --no-guard shows the growth without",
                "NativeMemoryGuard. Growth from the end of epoch 1 to the end of the last epoch is the figure of merit."));
        ModelFamily family = ModelFamily.parse(args.string("model", "vgg11-bn"));
        double width = args.number("width", 0.25);
        int epochs = args.integer("epochs", 2);
        int batch = args.integer("batch", 128);
        int every = args.integer("every", 10);
        int limit = args.integer("limit", 0);
        boolean guard = !args.flag("no-guard");
        Path out = Path.of(args.string("out", "docs/results/memory.csv"));
        args.rejectUnused();

        TrainTest data = Datasets.fashionMnist(limit, 0);
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
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, lines);
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
}
