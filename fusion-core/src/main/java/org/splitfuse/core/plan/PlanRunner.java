package org.splitfuse.core.plan;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.fuse.AlignmentKind;
import org.splitfuse.core.fuse.OtFusion;
import org.splitfuse.core.fuse.VanillaAverage;
import org.splitfuse.core.prune.Pruner;
import org.splitfuse.core.train.NativeMemoryGuard;
import org.splitfuse.core.train.NativeThreads;

/**
 * Runs a plan's stages over a {@link ShardRuntime}, timing each; the listener sees every stage's
 * models after its clock has stopped (evaluation there is not counted as the stage's time). An
 * optional round listener sees the current model after every fine-tune round and every epoch of
 * synchronous training, while the stage runs; its time is taken out of the stage's clock, so
 * stage seconds and the plan's time axis ({@link RoundRecord#planSeconds}) never include it.
 *
 * <pre>
 *   paf         train (K parts) -> prune-each (+ local tune) -> fuse -> tune-fused
 *   fap         train (K parts) -> fuse -> tune-fused -> prune [-> tune] per step
 *   kfold       train (C(K, K/2) halves) -> fuse -> tune-fused -> prune [-> tune] per step
 *   whole-data  train (1 part: all shards) -> prune [-> tune] per step
 *   sync-dp     train (synchronous, all shards) -> prune [-> tune] per step
 * </pre>
 */
public final class PlanRunner {

    public static final String TRAIN = "train";

    private final ShardRuntime runtime;
    private final Consumer<StageRecord> listener;
    private final Consumer<RoundRecord> rounds;
    private final Consumer<String> log;
    private PlanProgress progress;
    /** the finished stages' seconds, summed: the plan's time at the end of the last one */
    private double finishedSeconds;
    /** the running stage's start, and the round listener's time during it */
    private long stageStart;
    private long excludedNanos;

    public PlanRunner(ShardRuntime runtime, Consumer<StageRecord> listener, Consumer<String> log) {
        this(runtime, listener, null, log);
    }

    /** @param rounds sees every fine-tune round's and synchronous epoch's model; null: none (nothing is done per round) */
    public PlanRunner(ShardRuntime runtime, Consumer<StageRecord> listener, Consumer<RoundRecord> rounds,
                      Consumer<String> log) {
        this.runtime = runtime;
        this.listener = listener;
        this.rounds = rounds;
        this.log = log;
    }

    public ComputationGraph run(PlanSpec spec) {
        // the driver's own model work (fusion, REPAIR, pruning, averaging) follows the same thread rule as the tasks
        NativeThreads.use(runtime.rules().threads());
        int k = runtime.shards();
        int examples = 0;
        for (int shard = 0; shard < k; shard++) {
            examples += runtime.shardSize(shard);
        }
        progress = PlanProgress.of(spec, k, examples);
        finishedSeconds = 0;
        return switch (spec.kind()) {
            case PAF -> {
                List<ComputationGraph> models = stage(TRAIN, () -> runtime.train(KFold.singles(k), spec.trainEpochs()));
                List<ComputationGraph> pruned = stage("prune-each",
                        () -> runtime.pruneEach(models, KFold.singles(k), spec.prune(), spec.tuneAfterPrune()));
                yield fuseAndTune(pruned, spec);
            }
            case FAP -> pruneOnDriver(fuseAndTune(
                    stage(TRAIN, () -> runtime.train(KFold.singles(k), spec.trainEpochs())), spec), spec);
            case KFOLD -> pruneOnDriver(fuseAndTune(
                    stage(TRAIN, () -> runtime.train(KFold.halves(k), spec.trainEpochs())), spec), spec);
            case WHOLE_DATA -> pruneOnDriver(
                    stage(TRAIN, () -> runtime.train(KFold.all(k), spec.trainEpochs())).get(0), spec);
            case SYNC_DP -> pruneOnDriver(one(TRAIN, () -> runtime.trainSynchronous(spec.trainEpochs(),
                    (net, epoch) -> round(TRAIN, epoch, net))), spec);
        };
    }

    /** Fuses models that are already there (the caller ran their stage first), then the after-fusion fine-tune. */
    private ComputationGraph fuseAndTune(List<ComputationGraph> models, PlanSpec spec) {
        ComputationGraph fused = one("fuse", () -> fuse(models, spec.fusion()));
        return spec.tuneAfterFusion().rounds() == 0 ? fused
                : one("tune-fused", () -> fineTune("tune-fused", fused, spec.tuneAfterFusion()));
    }

    private ComputationGraph fuse(List<ComputationGraph> models, FusionSpec fusion) {
        if (models.size() == 1) {
            return models.get(0);
        }
        INDArray samples = fusion.kind() == AlignmentKind.ACTIVATION
                ? RunRules.samples(runtime.trainingSet(), fusion.activationSamples()).getFeatures() : null;
        INDArray repair = fusion.repairSamples() > 0
                ? RunRules.samples(runtime.trainingSet(), fusion.repairSamples()).getFeatures() : null;
        return fusion.meanRounds() == 0 ? OtFusion.fuse(models, 0, fusion.kind(), samples, repair, fusion.repairTarget())
                : OtFusion.fuseToMean(models, fusion.kind(), samples, repair, fusion.meanRounds(), fusion.repairTarget()).network();
    }

    /** The driver prunes step by step; each step is followed by a distributed fine-tune. */
    private ComputationGraph pruneOnDriver(ComputationGraph net, PlanSpec spec) {
        Pruner pruner = spec.prune().pruner(runtime.trainingSet());
        TuneSpec tune = spec.tuneAfterPrune();
        long[] stepStart = {System.nanoTime()};
        int stepCount = spec.prune().steps();
        log.accept(progress.starting(stepCount == 1 ? "prune" : "prune-1"));
        log.accept("[plan] prune ...");
        return pruner.prune(net, spec.prune().plan(), (step, steps, pruned) -> {
            String suffix = steps == 1 ? "" : "-" + step;
            finished("prune" + suffix, (System.nanoTime() - stepStart[0]) / 1e9, List.of(pruned));
            ComputationGraph tuned = tune.rounds() == 0 ? pruned
                    : one("tune" + suffix, () -> fineTune("tune" + suffix, pruned, tune));
            if (step < stepCount) {
                log.accept(progress.starting("prune-" + (step + 1)));
            }
            stepStart[0] = System.nanoTime();
            return tuned;
        });
    }

    /**
     * A distributed fine-tune: per round, the runtime trains one copy per shard from the current
     * model, and the copies are averaged weighted by shard size (they share a starting point).
     * Each round's average goes to the round listener.
     */
    private ComputationGraph fineTune(String stage, ComputationGraph model, TuneSpec tune) {
        ComputationGraph current = model;
        for (int round = 0; round < tune.rounds(); round++) {
            current = VanillaAverage.of(runtime.tuneRound(current, tune, round), runtime.shardWeights());
            round(stage, round + 1, current);
        }
        return current;
    }

    /** Hands the running stage's current model to the round listener, off the stage's clock. */
    private void round(String stage, int round, ComputationGraph model) {
        if (rounds == null) {
            return;
        }
        long paused = System.nanoTime();
        double planSeconds = finishedSeconds + (paused - stageStart - excludedNanos) / 1e9;
        rounds.accept(new RoundRecord(stage, round, planSeconds, model, progress.onlyTuningAfterCurrent()));
        NativeMemoryGuard.shared().check();
        excludedNanos += System.nanoTime() - paused;
    }

    private ComputationGraph one(String name, Supplier<ComputationGraph> work) {
        return stage(name, () -> List.of(work.get())).get(0);
    }

    private List<ComputationGraph> stage(String name, Supplier<List<ComputationGraph>> work) {
        log.accept(progress.starting(name));
        log.accept("[plan] " + name + " ...");
        stageStart = System.nanoTime();
        excludedNanos = 0;
        List<ComputationGraph> models = work.get();
        finished(name, (System.nanoTime() - stageStart - excludedNanos) / 1e9, models);
        return models;
    }

    private void finished(String name, double seconds, List<ComputationGraph> models) {
        finishedSeconds += seconds;
        StageRecord record = new StageRecord(name, seconds, finishedSeconds, models,
                models.size() == 1 && progress.onlyTuningAfterCurrent());
        NativeMemoryGuard.shared().check();
        log.accept(String.format(Locale.ROOT, "[plan] %s done in %.1f s", record.name(), record.seconds()));
        listener.accept(record);
    }
}
