package org.splitfuse.bench.prune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.bench.Verbs;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.graph.NetworkCost;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * Times structural pruning of all groups (driver side: importance, maps, surgery, rebuilding the
 * network) and the forward pass before and after, next to the FLOP ratio it should approach. Both
 * networks run in inference form, as every evaluation does.
 * Weights are random: pruning time and inference time do not depend on what was learned.
 */
public final class PruneBench {

    private PruneBench() {
    }

    public static void main(String[] argv) {
        Verbs.exit(command(argv, System.err));
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, java.io.PrintStream err) {
        return Verbs.command("prune-bench", PruneBench::run, argv, err);
    }

    private static void run(String[] argv) throws IOException {
        BenchArgs args = BenchArgs.parse(argv, "prune-bench", String.join("\n",
                "usage: bin/splitfuse prune-bench [--models vgg11-bn,resnet18] [--width 1] [--input 3x32x32]",
                "                                 [--sparsities 0.5] [--importance l1] [--batch 64] [--repeats 7]",
                "                                 [--out out/prune-bench] [--profile]",
                "Prunes every group at each sparsity (default pruning), timing the pruning (median of --repeats)",
                "and a forward pass of --batch examples before and after (medians of --repeats, timed in alternation",
                "after a warm-up), both networks in inference form (BatchNorm and ReLU folded into the convolutions,",
                "each residual add and its ReLU in one vertex).",
                "A sparsity-0 row per model times the unpruned network against itself (the noise floor).",
                "Writes OUT/pruning.csv; --profile also prints the forward time per layer of both networks.",
                "The committed run passes --out docs/results."));
        List<ModelFamily> models = new ArrayList<>();
        for (String m : args.string("models", "vgg11-bn,resnet18").split(",")) {
            models.add(option("--models", () -> ModelFamily.parse(m.trim())));
        }
        double width = args.number("width", 1.0);
        String inputText = args.string("input", "3x32x32");
        InputShape input = option("--input", () -> InputShape.parse(inputText));
        String sparsityText = args.string("sparsities", "0.5");
        double[] sparsities = Arrays.stream(sparsityText.split(",")).mapToDouble(v -> {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new InputError("--sparsities expects numbers separated by commas, got '" + v.trim() + "'");
            }
        }).toArray();
        String importance = args.string("importance", "l1");
        int batch = args.integer("batch", 64);
        int repeats = args.integer("repeats", 7);
        Path out = Path.of(args.string("out", "out/prune-bench")).resolve("pruning.csv");
        boolean profile = args.flag("profile");
        args.rejectUnused();
        if (!(width > 0 && width <= 64)) {
            throw new InputError("--width must be in (0, 64], got " + width);
        }
        for (double s : sparsities) {
            if (!(s > 0 && s < 1)) {
                throw new InputError("--sparsities must each be in (0, 1), got " + s);
            }
        }
        if (!Importances.NAMES.contains(importance)) {
            throw new InputError("--importance: unknown importance '" + importance + "'; known: "
                    + String.join(", ", Importances.NAMES));
        }
        if (batch < 1 || repeats < 1) {
            throw new InputError((batch < 1 ? "--batch" : "--repeats") + " must be >= 1, got " + Math.min(batch, repeats));
        }
        // before minutes of pruning and timing: an --out that cannot be written is known now
        AtomicFiles.probe(out);

        List<String> rows = new ArrayList<>();
        rows.add("model,sparsity,params,flops,prune_ms,infer_ms_original,infer_ms_pruned");
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, input.channels(), input.height(), input.width());
        for (ModelFamily family : models) {
            ComputationGraph net = ModelZoo.build(new ModelSpec(family, input, 10, width, 1), OptimizerSpec.paper());
            randomiseBatchNorms(net);
            // what evaluation runs (every evaluation in the job and the benchmarks uses this form)
            ComputationGraph original = InferenceForm.of(net);
            NetworkCost before = NetworkCost.of(net, input);
            System.out.printf("prune-bench: %s width %s: %,d parameters, %,d FLOPs per example%n",
                    family.id(), width, before.params(), before.flops());
            double[] withSelf = new double[sparsities.length + 1];
            System.arraycopy(sparsities, 0, withSelf, 1, sparsities.length);
            for (double s : withSelf) {
                Pruner pruner = Pruner.keepMostImportant(Importances.named(importance, 1, List::of));
                PruningPlan plan = PruningPlan.allGroups(s);
                ComputationGraph[] pruned = new ComputationGraph[1];
                double pruneMs = s == 0 ? 0 : medianMs(repeats, () -> pruned[0] = pruner.prune(net, plan));
                NetworkCost after = s == 0 ? before : NetworkCost.of(pruned[0], input);
                ComputationGraph prunedForm = s == 0 ? InferenceForm.of(net) : InferenceForm.of(pruned[0]);
                double[] infer = interleavedMedianMs(repeats, () -> original.outputSingle(false, x),
                        () -> prunedForm.outputSingle(false, x));
                double inferOriginal = infer[0];
                double inferPruned = infer[1];
                double flopRatio = (double) before.flops() / after.flops();
                double speedup = inferOriginal / inferPruned;
                System.out.printf("prune-bench: %s at %.0f%%: %,d parameters, %,d FLOPs (1/%.2f), pruning %.0f ms, "
                                + "forward of %d %.1f -> %.1f ms: %.2fx faster = %.2f of the FLOP ratio%n",
                        family.id(), 100 * s, after.params(), after.flops(), flopRatio, pruneMs, batch, inferOriginal, inferPruned,
                        speedup, speedup / flopRatio);
                rows.add(String.format("%s,%.2f,%d,%d,%.1f,%.2f,%.2f", family.id(), s, after.params(), after.flops(),
                        pruneMs, inferOriginal, inferPruned));
                if (profile && s > 0) {
                    LayerProfile.print(family.id() + " original", original, x, repeats);
                    LayerProfile.print(family.id() + " pruned " + Math.round(100 * s) + "%", prunedForm, x, repeats);
                }
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, rows);
        System.out.println("prune-bench: wrote " + out);
    }

    /** Median wall time of {@code repeats} runs after one warm-up run. */
    static double medianMs(int repeats, Runnable work) {
        work.run();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    /**
     * Medians of two workloads timed in alternation (after a warm-up of each), so that a machine
     * that slows down or speeds up during the run affects both alike.
     */
    static double[] interleavedMedianMs(int repeats, Runnable a, Runnable b) {
        a.run();
        b.run();
        double[] ta = new double[repeats];
        double[] tb = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            ta[i] = (t1 - t0) / 1e6;
            tb[i] = (t2 - t1) / 1e6;
        }
        return new double[] {median(ta), median(tb)};
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Trained BatchNorms are not the identity; make the timing see realistic parameters. */
    private static void randomiseBatchNorms(ComputationGraph net) {
        Random random = new Random(1);
        for (GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.getLayer().conf().getLayer() instanceof BatchNormalization) {
                Layer bn = v.getLayer();
                for (String key : List.of("gamma", "var")) {
                    INDArray p = bn.getParam(key);
                    for (long i = 0; i < p.length(); i++) {
                        p.putScalar(i, 0.5 + random.nextDouble());
                    }
                }
            }
        }
    }

    /** A parser's complaint about an option's value is bad input, named by the option. */
    private static <T> T option(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InputError(option + ": " + e.getMessage(), e);
        }
    }
}
