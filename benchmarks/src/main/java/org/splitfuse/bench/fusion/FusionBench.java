package org.splitfuse.bench.fusion;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.bench.TrainedModels;
import org.splitfuse.core.data.DataLocation;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.fuse.AlignmentKind;
import org.splitfuse.core.fuse.OtFusion;
import org.splitfuse.core.fuse.VanillaAverage;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.plan.SplitRule;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.NativeMemoryGuard;
import org.splitfuse.core.train.NativeThreads;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.KeptRows;
import org.splitfuse.bench.ConfigVerb;

/**
 * {@code bin/splitfuse fusion-bench}: per seed of {@code train.seeds}, K models trained on K disjoint
 * shards (iid or label-skewed; the split, initialisations and shuffling from that seed),
 * then fused without fine-tuning by vanilla averaging and by weight- and activation-based OT
 * fusion into the first model and into the models' iterated mean ({@link OtFusion#fuseToMean}). Shard models are checkpointed and reused; results of cells (model,
 * seed, K, shards) not in the run are kept from the output directory's CSVs.
 */
public final class FusionBench {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse fusion-bench [CONFIG] [key=value ...]",
            "  CONFIG      a HOCON file such as configs/fusion.conf (keys of fusion-reference.conf)",
            "  key=value   overrides, e.g. models=[small-cnn] ks=[2] train.seeds=[1,101] train.epochs=2",
            "Writes fusion.csv (model,seed,k,shards,method,accuracy), fusion.md and fusion.png to output-dir.");

    private FusionBench() {
    }

    public static void main(String[] argv) {
        int exit = command(argv, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, PrintStream err) {
        return ConfigVerb.run(argv, "fusion-bench", USAGE, "fusion-reference.conf", "fusion",
                config -> run(FusionSettings.from(config)), err);
    }

    /** One evaluated model; {@code repaired}: averaged and then REPAIRed (parents: false). */
    record Result(String model, long seed, int k, String shards, String method, boolean repaired, double accuracy) {
        boolean parent() {
            return method.startsWith("parent-");
        }
    }

    static final String MAIN_CSV = "fusion.csv";
    static final String NO_REPAIR_CSV = "fusion-no-repair.csv";

    static void run(FusionSettings s) throws IOException {
        // the outputs are proven writable before the first model is trained
        AtomicFiles.probe(s.outputDir().resolve(MAIN_CSV));
        AtomicFiles.probeDirectory(s.checkpointDir());
        TrainTest data = Datasets.read(s.data(), Datasets.locate(s.data(), DataLocation.noDownload(s.dataDir()),
                System.out::println), s.trainLimit(), s.testLimit());
        INDArray samples = RunRules.samples(data.train(), s.activationSamples()).getFeatures();
        INDArray repairSamples = s.repairSamples() == 0 ? null : RunRules.samples(data.train(), s.repairSamples()).getFeatures();
        List<Result> results = kept(s);
        for (ModelFamily family : s.models()) {
            for (int k : s.ks()) {
                for (String kind : s.shards()) {
                    for (long seed : s.seeds()) {
                        runCell(s, family, k, kind, seed, data, samples, repairSamples, results);
                        writeCsvs(results, s);
                    }
                }
            }
        }
        FusionReport.write(results, s);
        System.out.println("[fusion] wrote " + s.outputDir().resolve("fusion.csv") + ", fusion.md and fusion.png");
    }

    /**
     * One cell (model, K, shard kind) from {@code seed}: its own split, shard models (initialised from
     * seed + i, shuffled from seed + i) and fusions; its rows are added to {@code results}.
     */
    private static void runCell(FusionSettings s, ModelFamily family, int k, String kind, long seed, TrainTest data,
                                INDArray samples, INDArray repairSamples, List<Result> results) throws IOException {
        // the job's rules (shards, seed + i per model); training keeps this JVM's native threads
        RunRules rules = new RunRules(new SplitRule(kind.equals("iid") ? SplitRule.Kind.IID : SplitRule.Kind.SKEW,
                k, s.alpha(), seed), RunRules.ModelInit.INDEPENDENT, seed, NativeThreads.current());
        List<LabeledImages> shards = rules.split().cut(data.train());
        ModelSpec base = new ModelSpec(family, data.train().shape(), data.train().numClasses(), s.width(), seed);
        List<ComputationGraph> parents = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            LabeledImages shard = shards.get(i);
            ModelSpec spec = rules.model(base, i);
            String shardName = String.format(Locale.ROOT, "%s%s-k%d-%s%s-shard%d", s.data().id(),
                    s.trainLimit() > 0 ? "-n" + s.trainLimit() : "", k, kind,
                    kind.equals("skew") ? "-a" + s.alpha() : "", i);
            parents.add(TrainedModels.loadOrTrain(s.checkpointDir(), spec, shardName, s.optimizer(), shard,
                    s.epochs(family), s.batchSize(), rules.trainSeed(i), "[fusion]"));
        }
        for (int i = 0; i < k; i++) {
            results.add(evaluate(family, seed, k, kind, "parent-" + i, false, parents.get(i), data));
        }
        results.add(evaluate(family, seed, k, kind, "vanilla", false, VanillaAverage.of(parents), data));
        results.add(evaluate(family, seed, k, kind, "ot-weight", false,
                OtFusion.fuse(parents, 0, AlignmentKind.WEIGHT, null), data));
        results.add(evaluate(family, seed, k, kind, "ot-activation", false,
                OtFusion.fuse(parents, 0, AlignmentKind.ACTIVATION, samples), data));
        if (s.meanRounds() > 0) {
            results.add(evaluate(family, seed, k, kind, "ot-weight-mean", false,
                    toMean(parents, AlignmentKind.WEIGHT, null, null, s), data));
            results.add(evaluate(family, seed, k, kind, "ot-activation-mean", false,
                    toMean(parents, AlignmentKind.ACTIVATION, samples, null, s), data));
        }
        if (repairSamples != null) {
            results.add(evaluate(family, seed, k, kind, "vanilla", true, VanillaAverage.repaired(parents, repairSamples), data));
            results.add(evaluate(family, seed, k, kind, "ot-weight", true,
                    OtFusion.fuse(parents, 0, AlignmentKind.WEIGHT, null, repairSamples), data));
            results.add(evaluate(family, seed, k, kind, "ot-activation", true,
                    OtFusion.fuse(parents, 0, AlignmentKind.ACTIVATION, samples, repairSamples), data));
            // the least-squares refit in place of REPAIR (docs/fusion.md)
            results.add(evaluate(family, seed, k, kind, "ot-weight-ls", true, OtFusion.fuse(parents, 0,
                    AlignmentKind.WEIGHT, null, repairSamples, ActivationRepair.Target.LEAST_SQUARES), data));
            results.add(evaluate(family, seed, k, kind, "ot-activation-ls", true, OtFusion.fuse(parents, 0,
                    AlignmentKind.ACTIVATION, samples, repairSamples, ActivationRepair.Target.LEAST_SQUARES), data));
            if (s.meanRounds() > 0) {
                results.add(evaluate(family, seed, k, kind, "ot-weight-mean", true,
                        toMean(parents, AlignmentKind.WEIGHT, null, repairSamples, s), data));
                results.add(evaluate(family, seed, k, kind, "ot-activation-mean", true,
                        toMean(parents, AlignmentKind.ACTIVATION, samples, repairSamples, s), data));
            }
        }
    }

    private static ComputationGraph toMean(List<ComputationGraph> parents, AlignmentKind kind, INDArray samples,
                                           INDArray repairSamples, FusionSettings s) {
        OtFusion.MeanFusion m = OtFusion.fuseToMean(parents, kind, samples, repairSamples, s.meanRounds());
        System.out.printf(Locale.ROOT, "[fusion] to the mean (%s): %d round(s), %s%n", kind.name().toLowerCase(Locale.ROOT),
                m.rounds(), m.converged() ? "converged" : "stopped at mean-rounds");
        return m.network();
    }

    /**
     * Rows of cells (model, seed, K, shards) not in this run, from an earlier run's CSVs: models,
     * seeds and cells can be run one at a time. Files written before the seed column are read as
     * seed 1, the one seed every run used then.
     */
    private static List<Result> kept(FusionSettings s) throws IOException {
        List<Result> kept = new ArrayList<>();
        Set<String> running = new HashSet<>();
        for (ModelFamily family : s.models()) {
            for (int k : s.ks()) {
                for (String kind : s.shards()) {
                    for (long seed : s.seeds()) {
                        running.add(family.id() + "," + seed + "," + k + "," + kind);
                    }
                }
            }
        }
        for (String file : List.of(MAIN_CSV, NO_REPAIR_CSV)) {
            boolean main = file.equals(MAIN_CSV);
            // the parents are stored in both files: read them from the main one only
            kept.addAll(KeptRows.of(s.outputDir().resolve(file), "seed", 1, "1",
                    f -> !running.contains(f[0] + "," + f[1] + "," + f[2] + "," + f[3]) && (main || !f[4].startsWith("parent-")),
                    f -> new Result(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3], f[4],
                            main && !f[4].startsWith("parent-") && s.repairSamples() > 0, Double.parseDouble(f[5]))));
        }
        return kept;
    }

    private static Result evaluate(ModelFamily family, long seed, int k, String kind, String method, boolean repaired,
                                   ComputationGraph net, TrainTest data) {
        // in inference form (BatchNorm folded): the same outputs up to float rounding, faster
        double accuracy = Evaluator.evaluate(InferenceForm.of(net), data.test().orderedIterator(256)).accuracy();
        NativeMemoryGuard.shared().check();
        System.out.printf(Locale.ROOT, "[fusion] %s seed %d K=%d %s %-18s%s %6.2f%%%n", family.id(), seed, k, kind, method,
                !repaired || method.endsWith("-ls") ? "         " : " + REPAIR", 100 * accuracy);
        return new Result(family.id(), seed, k, kind, method, repaired, accuracy);
    }

    /**
     * fusion.csv: the parents and the averaging methods as the project runs them (with REPAIR when
     * repair-samples > 0); fusion-no-repair.csv: the parents and the averages without REPAIR.
     */
    static void writeCsvs(List<Result> results, FusionSettings s) throws IOException {
        boolean repair = s.repairSamples() > 0;
        writeCsv(results.stream().filter(r -> r.parent() || r.repaired() == repair).toList(), s.outputDir().resolve(MAIN_CSV));
        if (repair) {
            writeCsv(results.stream().filter(r -> !r.repaired()).toList(), s.outputDir().resolve(NO_REPAIR_CSV));
        }
    }

    static void writeCsv(List<Result> results, Path path) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("model,seed,k,shards,method,accuracy");
        for (Result r : results) {
            lines.add(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%.4f", r.model(), r.seed(), r.k(), r.shards(), r.method(),
                    r.accuracy()));
        }
        AtomicFiles.writeLines(path, lines);
    }
}
