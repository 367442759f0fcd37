package org.splitfuse.bench.prune;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.NetworkCost;
import org.splitfuse.core.interop.RawTensor;
import org.splitfuse.core.interop.SafeTensorFile;
import org.splitfuse.core.interop.SafeTensors;
import org.splitfuse.core.interop.TorchWeights;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;
import org.splitfuse.core.train.EvalResult;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * {@code bin/splitfuse prune}: prunes a saved model (a DL4J zip, or PyTorch weights as safetensors
 * for a zoo architecture), prints parameters, FLOPs and test accuracy before and after, and saves
 * the result in the format its file name asks for. Nothing is written unless everything worked.
 */
public final class PruneCommand {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse prune --model FILE --out FILE [options]",
            "  --model FILE          a DL4J model zip, or PyTorch weights (.safetensors) of a zoo architecture",
            "  --out FILE            where to save the pruned model: .zip (DL4J) or .safetensors (PyTorch names)",
            "  --groups all|I,J,..   which channel groups to prune (0 = nearest the output; default all)",
            "  --sparsity S          fraction of each group's channels to remove, in [0, 1) (default 0.5)",
            "  --importance NAME     l1 (default), l2, linf, random, taylor, lamp, bn-scale",
            "  --ranking per-group|global   rank channels within each group (default) or across groups",
            "  --steps K             prune in K steps of equal sparsity (default 1)",
            "  --data NAME|none      test set for accuracy: fashion-mnist (default), mnist, cifar10, none",
            "  --data-dir DIR        where the data set's files are (default: the system package / cache)",
            "  --test-limit N        evaluate on the first N test examples (default all)",
            "  --family F --width W --classes C --input CxHxW",
            "                        architecture of a .safetensors model (families: mlp, small-cnn, vgg11-bn,",
            "                        resnet18; width 1, 10 classes and the data set's input shape by default)",
            "  --seed N              seed of the random importance (default 1)",
            "  --inference-form      save the pruned model's inference form (BatchNorm folded into the layer",
            "                        before it, ReLU into the convolution): same outputs, faster; .zip only",
            "  --overwrite           replace an existing --out file",
            "Prints the network's channel groups with --list-groups and exits.");

    private PruneCommand() {
    }

    public static void main(String[] argv) {
        try {
            execute(argv);
        } catch (Exception e) {
            System.exit(UserError.report("splitfuse prune", e, System.err));
        }
    }

    /** The command without the exit: throws on bad input (tests call this). */
    static void execute(String... argv) throws IOException {
        BenchArgs args = BenchArgs.parse(argv, "prune", USAGE);
        Path modelPath = Path.of(required(args, "model"));
        boolean listOnly = args.flag("list-groups");
        String outText = args.string("out", null);
        String groupsText = args.string("groups", "all");
        double sparsity = args.number("sparsity", 0.5);
        String importanceName = args.string("importance", "l1");
        String ranking = args.string("ranking", "per-group");
        int steps = args.integer("steps", 1);
        String dataName = args.string("data", "fashion-mnist");
        String dataDir = args.string("data-dir", null);
        int testLimit = args.integer("test-limit", 0);
        String family = args.string("family", null);
        double width = args.number("width", 1.0);
        int classes = args.integer("classes", 10);
        String inputText = args.string("input", null);
        long seed = args.integer("seed", 1);
        boolean overwrite = args.flag("overwrite");
        boolean inferenceForm = args.flag("inference-form");
        args.rejectUnused();

        PruningPlan plan = userInput(() -> new PruningPlan(parseGroups(groupsText), sparsity, parseRanking(ranking), steps));
        Path out = null;
        if (!listOnly) {
            if (outText == null) {
                throw new InputError("--out is required (a .zip or .safetensors file)");
            }
            out = Path.of(outText);
            if (formatOf(out) == Format.SAFETENSORS && inferenceForm) {
                throw new InputError("--inference-form writes a DL4J .zip: the PyTorch names of "
                        + out.getFileName() + " need the BatchNorm layers it removes");
            }
            if (Files.exists(out) && !overwrite) {
                throw new InputError(out + " exists; pass --overwrite to replace it");
            }
        }
        if (!Files.isRegularFile(modelPath)) {
            throw new InputError(modelPath + ": no such model file");
        }
        TrainTest data = dataName.equalsIgnoreCase("none") ? null : readData(dataName, dataDir, testLimit);
        InputShape input = inputText != null ? userInput(() -> InputShape.parse(inputText))
                : data != null ? data.train().shape() : null;

        Loaded loaded = load(modelPath, family, width, classes, input);
        ComputationGraph net = loaded.net();
        ChannelGroups groups = ChannelGroups.of(net);
        if (!plan.allGroupsSelected()) {
            // the groups named on the command line must exist: checked here, before the banner and the work
            plan.groups().forEach(id -> userInput(() -> groups.get(id)));
        }
        if (listOnly) {
            groups.all().forEach(g -> System.out.println(g));
            return;
        }
        if (input == null) {
            throw new InputError("--input CxHxW is needed to count FLOPs when --data is none");
        }
        Pruner pruner = Pruner.keepMostImportant(userInput(() -> Importances.named(importanceName, seed, () -> taylorBatches(data))));
        System.out.printf("prune: %s, %d channel groups; pruning %s at %.0f%% (%s importance, %s ranking, %d step%s)%n",
                modelPath, groups.count(), plan.allGroupsSelected() ? "all groups" : "groups " + plan.groups(),
                100 * sparsity, importanceName, ranking, steps, steps == 1 ? "" : "s");
        long t0 = System.nanoTime();
        ComputationGraph pruned = pruner.prune(net, plan);
        double pruneMs = (System.nanoTime() - t0) / 1e6;

        NetworkCost before = NetworkCost.of(net, input);
        NetworkCost after = NetworkCost.of(pruned, input);
        String accBefore = "-";
        String accAfter = "-";
        if (data != null) {
            // in inference form (BatchNorm folded): the same outputs up to float rounding, faster
            accBefore = percent(Evaluator.evaluate(InferenceForm.of(net), data.test().orderedIterator(256)));
            accAfter = percent(Evaluator.evaluate(InferenceForm.of(pruned), data.test().orderedIterator(256)));
        }
        System.out.printf("%-10s %14s %16s %10s%n", "", "parameters", "FLOPs/example", "accuracy");
        System.out.printf("%-10s %,14d %,16d %10s%n", "original", before.params(), before.flops(), accBefore);
        System.out.printf("%-10s %,14d %,16d %10s%n", "pruned", after.params(), after.flops(), accAfter);
        System.out.printf("%-10s %13.2fx %15.2fx   (pruning took %.0f ms)%n", "reduction",
                (double) before.params() / after.params(), (double) before.flops() / after.flops(), pruneMs);
        if (inferenceForm) {
            ComputationGraph inference = InferenceForm.of(pruned);
            System.out.printf("prune: inference form: %d BatchNorms and %d activation layers folded, %,d parameters%n",
                    InferenceForm.changes(pruned).foldedBatchNorms().size(),
                    InferenceForm.changes(pruned).foldedActivations().size(), inference.numParams());
            save(inference, out, loaded.buffers(), false);
        } else {
            save(pruned, out, loaded.buffers(), true);
        }
        System.out.println("prune: wrote " + out);
    }

    private record Loaded(ComputationGraph net, Map<String, RawTensor> buffers) {
    }

    private static Loaded load(Path path, String family, double width, int classes, InputShape input) throws IOException {
        if (Files.size(path) == 0) {
            // DL4J's own words for this are about a closed stream
            throw new InputError(path + ": the file is empty (0 bytes), not a model");
        }
        if (formatOf(path) == Format.ZIP) {
            try (var in = Files.newInputStream(path)) {
                return new Loaded(ModelIO.read(in, path.toString()), Map.of());
            }
        }
        if (family == null) {
            throw new InputError(path + ": a .safetensors model needs --family (mlp, small-cnn, vgg11-bn, resnet18)");
        }
        if (input == null) {
            throw new InputError(path + ": a .safetensors model needs --input CxHxW when --data is none");
        }
        ComputationGraph net = ModelZoo.build(userInput(() -> new ModelSpec(ModelFamily.parse(family), input, classes, width, 1)),
                OptimizerSpec.paper());
        SafeTensorFile file = SafeTensors.read(path);
        TorchWeights.importInto(net, file);
        return new Loaded(net, TorchWeights.buffers(file));
    }

    /** Writes next to the target and renames, so a failure never leaves a half-written file. */
    private static void save(ComputationGraph net, Path out, Map<String, RawTensor> buffers, boolean withUpdater)
            throws IOException {
        AtomicFiles.write(out, tmp -> {
            if (formatOf(out) == Format.ZIP) {
                try (OutputStream stream = Files.newOutputStream(tmp)) {
                    ModelIO.write(net, stream, withUpdater);
                }
            } else {
                SafeTensors.write(TorchWeights.export(net, buffers), tmp);
            }
        });
    }

    private enum Format { ZIP, SAFETENSORS }

    private static Format formatOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return Format.ZIP;
        }
        if (name.endsWith(".safetensors")) {
            return Format.SAFETENSORS;
        }
        throw new InputError(path + ": model files must end in .zip (DL4J) or .safetensors (PyTorch)");
    }

    private static TrainTest readData(String name, String dir, int testLimit) {
        DatasetName dataset = userInput(() -> DatasetName.parse(name));
        return Datasets.read(dataset, Datasets.locate(dataset,
                DataLocation.noDownload(dir == null ? null : Path.of(dir)), s -> { }), 2048, testLimit);
    }

    private static List<DataSet> taylorBatches(TrainTest data) {
        if (data == null) {
            throw new InputError("taylor importance needs training data: do not pass --data none");
        }
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from + 64 <= Math.min(RunRules.IMPORTANCE_SAMPLES, data.train().size()); from += 64) {
            batches.add(data.train().toDataSet(from, from + 64));
        }
        return batches;
    }

    private static List<Integer> parseGroups(String text) {
        if (text.equalsIgnoreCase("all")) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new InputError("--groups expects 'all' or group numbers like 0,3,5, got '" + text + "'");
        }
    }

    private static PruningPlan.Ranking parseRanking(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "per-group", "local" -> PruningPlan.Ranking.PER_GROUP;
            case "global" -> PruningPlan.Ranking.GLOBAL;
            default -> throw new InputError("--ranking expects per-group or global, got '" + text + "'");
        };
    }

    private static String required(BenchArgs args, String name) {
        String v = args.string(name, null);
        if (v == null) {
            throw new InputError("--" + name + " is required (see --help)");
        }
        return v;
    }

    private static String percent(EvalResult r) {
        return String.format("%.2f%%", 100 * r.accuracy());
    }

    /**
     * A library check of a value the user typed (a family name, a shape, a sparsity) rejects it with
     * a plain IllegalArgumentException; here, where the value came from the command line, it is bad input.
     */
    private static <T> T userInput(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw e instanceof UserError ? e : new InputError(e.getMessage(), e);
        }
    }
}
