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
import org.splitfuse.bench.Verbs;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.DatasetName;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.NetworkCost;
import org.splitfuse.core.interop.ImpliedArchitecture;
import org.splitfuse.core.interop.RawTensor;
import org.splitfuse.core.interop.SafeTensorFile;
import org.splitfuse.core.interop.SafeTensors;
import org.splitfuse.core.interop.TorchWeights;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.PruneMethod;
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
            "       bin/splitfuse prune --model FILE --list-groups [--family F ...]",
            "  --model FILE          a DL4J model zip, or PyTorch weights (.safetensors) of a zoo architecture",
            "  --out FILE            where to save the pruned model: .zip (DL4J) or .safetensors (PyTorch names)",
            "  --list-groups         print the network's channel groups and exit (no --out needed)",
            "  --method M            default (keep the most important channels; the default) or intra-fusion",
            "                        (merge every channel onto the kept ones along an OT plan, docs/intra-fusion.md)",
            "  --mode preset|paper|preserving|rescaled   Intra-Fusion's merge mode (default preset: rescaled, paper under paper-code)",
            "  --preset P            project (default) or paper-code: the published code's option set (no bias in",
            "                        the pairing vectors, BatchNorm folded with sqrt(var) and no eps; default",
            "                        pruning folds every BatchNorm before ranking; several groups are pruned in",
            "                        turn, from the output on)",
            "  --bias preset|true|false           Intra-Fusion: bias in the pairing vectors (default: the preset's)",
            "  --folding preset|exact|paper-code  BatchNorm folding: sqrt(var + eps) or sqrt(var) (default: the preset's)",
            "  --groups all|I,J,..   which channel groups to prune (0 = nearest the output; default all)",
            "  --sparsity S          fraction of each group's channels to remove, in [0, 1) (default 0.5)",
            "  --importance NAME     l1 (default), l2, linf, random, taylor, lamp, bn-scale",
            "  --ranking per-group|global   rank channels within each group (default) or across groups",
            "  --steps K             prune in K steps of equal sparsity (default 1)",
            "  --data NAME|none      test set for accuracy: fashion-mnist (default), mnist, cifar10, none",
            "  --data-dir DIR        where the data set's files are (default: the system package / cache)",
            "  --test-limit N        evaluate on the first N test examples (default all)",
            "  --pad-to N            zero-pad the data's images to NxN (e.g. 32: Fashion-MNIST for a model built",
            "                        for 1x32x32); without it, data of another size than the model's are refused",
            "  --family F --width W --classes C --input CxHxW",
            "                        architecture of a .safetensors model (families: mlp, small-cnn, vgg11-bn,",
            "                        resnet18; width and classes as the file's shapes imply, the data set's",
            "                        input shape by default)",
            "  --seed N              seed of the random importance (default 1)",
            "  --inference-form      save the pruned model's inference form (BatchNorm folded into the layer",
            "                        before it, ReLU into the convolution): same outputs, faster; .zip only",
            "  --overwrite           replace an existing --out file",
            "  --help                this text");

    private PruneCommand() {
    }

    public static void main(String[] argv) {
        Verbs.exit(run(argv, System.err));
    }

    /** The command with its exit code: 0, or 2 with one error line on {@code err} (tests call this). */
    static int run(String[] argv, java.io.PrintStream err) {
        return Verbs.command("prune", PruneCommand::execute, argv, err);
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
        String methodText = args.string("method", "default");
        String modeText = args.string("mode", "preset");
        String presetText = args.string("preset", "project");
        String biasText = args.string("bias", "preset");
        String foldingText = args.string("folding", "preset");
        String dataName = args.string("data", "fashion-mnist");
        String dataDir = args.string("data-dir", null);
        int testLimit = args.integer("test-limit", 0);
        int padTo = args.integer("pad-to", 0);
        String family = args.string("family", null);
        String widthText = args.string("width", null);
        String classesText = args.string("classes", null);
        String inputText = args.string("input", null);
        long seed = args.integer("seed", 1);
        boolean overwrite = args.flag("overwrite");
        boolean inferenceForm = args.flag("inference-form");
        args.rejectUnused();

        PruningPlan plan = userInput(() -> new PruningPlan(parseGroups(groupsText), sparsity, parseRanking(ranking), steps));
        PruneMethod.Preset preset = option("--preset", () -> PruneMethod.parsePreset(presetText));
        PruneMethod method = PruneMethod.of(option("--method", () -> PruneMethod.parseKind(methodText)),
                option("--mode", () -> PruneMethod.parseModeOverride(modeText)).orElse(PruneMethod.presetMode(preset)), preset);
        method = method.withOverrides(option("--bias", () -> PruneMethod.parseBiasOverride(biasText)),
                option("--folding", () -> PruneMethod.parseFoldingOverride(foldingText)));
        if (padTo < 0) {
            throw new InputError("--pad-to expects a positive image size, got " + padTo);
        }
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
        formatOf(modelPath);
        InputShape inputOption = inputText == null ? null : userInput(() -> InputShape.parse(inputText));
        TrainTest read = dataName.equalsIgnoreCase("none") || listOnly && inputOption != null
                ? null : readData(dataName, dataDir, testLimit);
        TrainTest data = read == null || padTo == 0 ? read
                : userInput(() -> new TrainTest(read.train().padTo(padTo, padTo), read.test().padTo(padTo, padTo)));
        InputShape dataShape = data == null ? null : data.train().shape();

        Loaded loaded = load(modelPath, family, widthText, classesText, inputOption != null ? inputOption : dataShape);
        ComputationGraph net = loaded.net();
        // what the model was built for: its provenance says it; an older zip without one is told by --input,
        // else the data are taken to fit
        InputShape recorded = loaded.provenance() == null ? null : loaded.provenance().inputShape().orElse(null);
        InputShape input = recorded != null ? recorded : inputOption != null ? inputOption : dataShape;
        if (inputOption != null && !inputOption.equals(input)) {
            throw new InputError(modelPath + " was built for " + input + " inputs (its provenance), not --input " + inputOption);
        }
        if (dataShape != null && !dataShape.equals(input)) {
            throw new InputError(shapeMismatch(modelPath, input, dataName, dataShape, padTo));
        }
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
        Pruner pruner = new Pruner(userInput(() -> Importances.named(importanceName, seed, () -> taylorBatches(data))),
                method.mapSource());
        System.out.printf("prune: %s, %d channel groups; pruning %s at %.0f%% by %s (%s importance, %s ranking, %d step%s)%n",
                modelPath, groups.count(), plan.allGroupsSelected() ? "all groups" : "groups " + plan.groups(),
                100 * sparsity, method.describe(), importanceName, ranking, steps, steps == 1 ? "" : "s");
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
            save(inference, out, loaded.buffers(), false, provenance(loaded, input, "inference form of the model "
                    + "pruned by " + stage(method, plan, modelPath)));
        } else {
            save(pruned, out, loaded.buffers(), true, provenance(loaded, input, "pruned by " + stage(method, plan, modelPath)));
        }
        System.out.println("prune: wrote " + out);
    }

    private static String shapeMismatch(Path model, InputShape input, String dataName, InputShape dataShape, int padTo) {
        String what = "--data " + dataName + (padTo > 0 ? " padded to " + padTo + "x" + padTo : "") + " has " + dataShape
                + " images, but " + model + " was built for " + input + " inputs";
        boolean paddable = padTo == 0 && dataShape.channels() == input.channels() && input.height() == input.width()
                && dataShape.height() <= input.height() && dataShape.width() <= input.width();
        return what + (paddable ? ": pass --pad-to " + input.height() + " to zero-pad the images" : "");
    }

    /** @param provenance what the file recorded, or (safetensors) what it was built as; null for an older zip */
    private record Loaded(ComputationGraph net, Map<String, RawTensor> buffers, ModelProvenance provenance) {
    }

    private static String stage(PruneMethod method, PruningPlan plan, Path from) {
        return method.describe() + ", " + (plan.allGroupsSelected() ? "all groups" : "groups " + plan.groups())
                + String.format(Locale.ROOT, " at %.0f%%", 100 * plan.sparsity()) + ", from " + from.getFileName();
    }

    private static ModelProvenance provenance(Loaded loaded, InputShape input, String stage) {
        ModelProvenance p = loaded.provenance();
        return p != null ? p.at(stage) : new ModelProvenance(null, null, input == null ? null : input.toString(), null, stage,
                null, ModelProvenance.VERSION);
    }

    private static Loaded load(Path path, String family, String widthText, String classesText, InputShape input)
            throws IOException {
        if (Files.size(path) == 0) {
            // DL4J's own words for this are about a closed stream
            throw new InputError(path + ": the file is empty (0 bytes), not a model");
        }
        if (formatOf(path) == Format.ZIP) {
            try (var in = Files.newInputStream(path)) {
                ComputationGraph net = ModelIO.read(in, path.toString());
                return new Loaded(net, Map.of(), ModelIO.provenance(path).orElse(null));
            }
        }
        if (family == null) {
            throw new InputError(path + ": a .safetensors model needs --family (mlp, small-cnn, vgg11-bn, resnet18)");
        }
        if (input == null) {
            throw new InputError(path + ": a .safetensors model needs --input CxHxW when --data is none");
        }
        ModelFamily f = userInput(() -> ModelFamily.parse(family));
        SafeTensorFile file = SafeTensors.read(path);
        // what the shapes imply, unless the command line says otherwise (then a mismatch is reported below)
        var implied = ImpliedArchitecture.of(f, file);
        double width = widthText != null ? number("--width", widthText)
                : implied.map(ImpliedArchitecture::width).orElse(1.0);
        int classes = classesText != null ? (int) number("--classes", classesText)
                : implied.map(ImpliedArchitecture::classes).orElse(10);
        if (implied.isPresent() && widthText != null && Math.abs(implied.get().width() - width) > 1e-9) {
            throw new InputError(path + ": --width " + widthText + " does not fit the file: "
                    + ImpliedArchitecture.firstLayer(f) + " has the channels of width " + implied.get().width()
                    + " (leave --width out to use it)");
        }
        if (implied.isPresent() && implied.get().inputChannels() > 0 && implied.get().inputChannels() != input.channels()) {
            throw new InputError(path + ": " + ImpliedArchitecture.firstLayer(f) + " reads " + implied.get().inputChannels()
                    + "-channel images, but the input is " + input);
        }
        ModelSpec spec = userInput(() -> new ModelSpec(f, input, classes, width, 1));
        ComputationGraph net = ModelZoo.build(spec, OptimizerSpec.paper());
        TorchWeights.importInto(net, file);
        return new Loaded(net, TorchWeights.buffers(file), ModelProvenance.of(spec, "PyTorch weights " + path.getFileName(), null));
    }

    private static double number(String option, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InputError(option + " expects a number, got '" + text + "'");
        }
    }

    /** Writes next to the target and renames, so a failure never leaves a half-written file. */
    private static void save(ComputationGraph net, Path out, Map<String, RawTensor> buffers, boolean withUpdater,
                             ModelProvenance provenance) throws IOException {
        if (formatOf(out) == Format.ZIP) {
            ModelIO.save(net, provenance, out, withUpdater);
        } else {
            SafeTensorFile file = TorchWeights.export(net, buffers);
            AtomicFiles.write(out, tmp -> SafeTensors.write(file, tmp));
        }
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
                DataLocation.noDownload(dir == null ? null : Path.of(dir)).namedBy("--data-dir"), s -> { }), 2048, testLimit);
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
    private static <T> T option(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw e instanceof UserError ? e : new InputError(name + ": " + e.getMessage(), e);
        }
    }

    private static <T> T userInput(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw e instanceof UserError ? e : new InputError(e.getMessage(), e);
        }
    }
}
