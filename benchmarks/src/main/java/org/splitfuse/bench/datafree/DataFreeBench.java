package org.splitfuse.bench.datafree;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.splitfuse.core.InputError;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.prune.ChannelMapSource;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.prune.Importance;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.prune.PruningPlan;
import org.splitfuse.core.train.Durations;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.Logits;
import org.splitfuse.core.train.NativeMemoryGuard;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.ConfigVerb;

/**
 * {@code bin/splitfuse data-free-bench}: Intra-Fusion against default pruning without any data
 * or fine-tuning (SPEC section 3). Trains each model once per seed of {@code train.seeds}, each an
 * independent checkpoint (checkpoints are reused), prunes every
 * group alone at each sparsity and all groups together, with each method (a {@code -repair} or
 * {@code -bn} method uses training inputs after all: REPAIR after pruning), and records test
 * accuracy (on the first {@code data.eval-limit} test examples) and the L2 distance of the logits
 * to the unpruned model's. Results of checkpoints (model, seed) not in the run are kept from earlier runs.
 */
public final class DataFreeBench {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse data-free-bench [CONFIG] [key=value ...]",
            "  CONFIG      a HOCON file such as configs/data-free.conf (keys of data-free-reference.conf)",
            "  key=value   overrides, e.g. models=[vgg11-bn] train.seeds=[1,2] train.epochs=10 data.test-limit=2000",
            "Writes data-free.csv, data-free.md and data-free-<model>.png to output-dir; every key is",
            "listed in docs/intra-fusion.md.");

    private DataFreeBench() {
    }

    public static void main(String[] argv) {
        int exit = command(argv, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, PrintStream err) {
        return ConfigVerb.run(argv, "data-free-bench", USAGE, "data-free-reference.conf", "data-free",
                config -> run(DataFreeSettings.from(config)), err);
    }

    static void run(DataFreeSettings s) throws IOException {
        // the outputs are proven writable before the first model is trained
        AtomicFiles.probe(s.outputDir().resolve("data-free.csv"));
        if (s.models().isEmpty()) {
            reportOnly(s);
            return;
        }
        AtomicFiles.probeDirectory(s.checkpointDir());
        TrainTest data = Datasets.read(s.data(), Datasets.locate(s.data(), DataLocation.noDownload(s.dataDir()),
                System.out::println), s.trainLimit(), s.testLimit());
        int logitRows = Math.min(s.logitExamples(), data.test().size());
        INDArray logitInputs = data.test().toDataSet(0, logitRows).getFeatures();
        LabeledImages evalSet = s.evalLimit() > 0 && s.evalLimit() < data.test().size()
                ? data.test().head(s.evalLimit()) : data.test();
        // the methods with a repair suffix prune with data: the first repair-samples training inputs
        INDArray repairInputs = RunRules.samples(data.train(), s.repairSamples()).getFeatures();
        List<DataFreeResult> results = Stored.keptFrom(s);
        for (ModelFamily family : s.models()) {
            for (long seed : s.seeds()) {
                runCheckpoint(s, family, seed, data, evalSet, logitInputs, repairInputs, results);
                Stored.write(results, s.outputDir());
            }
        }
        DataFreeReport.write(results, s);
        System.out.println("[data-free] wrote " + s.outputDir().resolve("data-free.csv") + ", data-free.md and plots");
    }

    /** {@code models = []}: the table and plots rewritten from the stored rows (e.g. after runs into separate directories were joined). */
    private static void reportOnly(DataFreeSettings s) throws IOException {
        List<DataFreeResult> results = Stored.keptFrom(s);
        if (results.isEmpty()) {
            throw new InputError("models = [] rewrites the report from the stored results, but "
                    + s.outputDir().resolve(Stored.CELLS) + " holds none");
        }
        DataFreeReport.write(results, s);
        System.out.println("[data-free] rewrote " + s.outputDir().resolve("data-free.md") + " and plots from the stored results");
    }

    /** Every cell on the checkpoint of {@code family} trained from {@code seed}; its rows are added to {@code results}. */
    private static void runCheckpoint(DataFreeSettings s, ModelFamily family, long seed, TrainTest data, LabeledImages evalSet,
                                      INDArray logitInputs, INDArray repairInputs, List<DataFreeResult> results)
            throws IOException {
        // the checkpoint's seed also seeds the random importance, so that each checkpoint is one independent draw
        Importance importance = Importances.named(s.importance(), seed, () -> {
            throw new InputError("the data-free benchmark uses no data for importance; "
                    + "choose a data-free metric (l1, l2, linf, lamp, bn-scale, random)");
        });
        int logitRows = (int) logitInputs.size(0);
        String name = family.id() + " seed " + seed;
        ComputationGraph net = Checkpoints.trained(s, family, seed, data);
        double base = Evaluator.evaluate(InferenceForm.of(net), data.test().orderedIterator(256)).accuracy();
        INDArray baseLogits = Logits.of(net, logitInputs);
        results.add(DataFreeResult.original(family.id(), seed, base, s.epochs(), evalSet.size()));
        System.out.printf(Locale.ROOT, "[data-free] %s: test accuracy %.2f%%%s%n", name, 100 * base,
                base < s.minAccuracy() ? String.format(Locale.ROOT, " (below the %.0f%% asked for)", 100 * s.minAccuracy()) : "");
        List<Cell> cells = cells(ChannelGroups.of(net), s);
        long start = System.nanoTime();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            ActivationRepair.Target repair = DataFreeSettings.repair(cell.method());
            ComputationGraph pruned = new Pruner(importance, source(DataFreeSettings.base(cell.method())))
                    .withRepair(repair == null ? null : repairInputs, repair).prune(net, cell.plan());
            // both sets are heads of the test set: one forward pass serves both when the logit set is the shorter
            // evaluated in inference form (BatchNorm folded): the same logits up to float rounding, faster
            ComputationGraph inference = InferenceForm.of(pruned);
            INDArray logits = Logits.of(inference, evalSet, 256);
            double accuracy = Logits.accuracy(logits, evalSet);
            INDArray first = logitRows <= evalSet.size() ? logits.get(NDArrayIndex.interval(0, logitRows), NDArrayIndex.all())
                    : Logits.of(inference, logitInputs);
            double l2 = Logits.meanL2Distance(first, baseLogits);
            NativeMemoryGuard.shared().check();
            results.add(DataFreeResult.cell(family.id(), seed, cell.group(), cell.plan().sparsity(), cell.method(), accuracy, l2));
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "[data-free] %s group %s at %.0f%% %-13s %6.2f%% (logit L2 %.3f)  [%d/%d, ETA %s]%n",
                    name, cell.group(), 100 * cell.plan().sparsity(), cell.method(), 100 * accuracy, l2,
                    i + 1, cells.size(), Durations.format(elapsed / (i + 1) * (cells.size() - i - 1)));
        }
    }

    private record Cell(String group, PruningPlan plan, String method) {
    }

    private static List<Cell> cells(ChannelGroups groups, DataFreeSettings s) {
        List<Cell> cells = new ArrayList<>();
        for (ChannelGroup g : groups.all()) {
            for (double sparsity : s.sparsities()) {
                for (String method : s.methods()) {
                    cells.add(new Cell(Integer.toString(g.id()), PruningPlan.group(g.id(), sparsity), method));
                }
            }
        }
        for (double sparsity : s.allGroupsSparsities()) {
            for (String method : s.methods()) {
                cells.add(new Cell("all", PruningPlan.allGroups(sparsity), method));
            }
        }
        return cells;
    }

    static ChannelMapSource source(String method) {
        return PruneMethod.named(method).mapSource();
    }
}
