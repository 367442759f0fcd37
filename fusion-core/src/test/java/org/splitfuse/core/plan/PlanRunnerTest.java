package org.splitfuse.core.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.fuse.AlignmentKind;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.OptimizerSpec;

class PlanRunnerTest {

    private static TrainTest data;
    private static ModelSpec spec;
    private static final OptimizerSpec TRAIN = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.05, 0.9, 5e-4, 0, 1);
    private static final TuneSpec TUNE = new TuneSpec(1, 1, new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.01, 0.9, 5e-4, 0, 1));

    @BeforeAll
    static void data() {
        data = Datasets.fashionMnist(2400, 600);
        spec = new ModelSpec(ModelFamily.SMALL_CNN, data.train().shape(), 10, 0.5, 1);
    }

    /** K iid shards; two native threads per task, whatever the machine. */
    private static LocalRuntime runtime(int k) {
        RunRules rules = new RunRules(new SplitRule(SplitRule.Kind.IID, k, 0.5, 3), RunRules.ModelInit.INDEPENDENT, 5, 2);
        return new LocalRuntime(data.train(), spec, rules, TRAIN, 64, new TaskLog(line -> { }, java.time.Duration.ofSeconds(10)));
    }

    private static PlanSpec plan(PlanKind kind) {
        return new PlanSpec(kind, 2, PruneSpec.intraFusion(0.5), TUNE, new FusionSpec(AlignmentKind.ACTIVATION, 100, 200), TUNE);
    }

    @Test
    void everyPlanEndsWithASmallerModelThatStillClassifies() {
        long unpruned = ModelZoo.build(spec, TRAIN).numParams();
        Map<PlanKind, List<String>> expectedStages = Map.of(
                PlanKind.PAF, List.of("train", "prune-each", "fuse", "tune-fused"),
                PlanKind.FAP, List.of("train", "fuse", "tune-fused", "prune", "tune"),
                PlanKind.KFOLD, List.of("train", "fuse", "tune-fused", "prune", "tune"),
                PlanKind.WHOLE_DATA, List.of("train", "prune", "tune"));
        Map<PlanKind, Double> accuracies = new java.util.EnumMap<>(PlanKind.class);
        for (PlanKind kind : List.of(PlanKind.PAF, PlanKind.FAP, PlanKind.KFOLD, PlanKind.WHOLE_DATA)) {
            List<StageRecord> stages = new ArrayList<>();
            // k-fold over 4 shards: 6 models, each on half the data; the others over 2 shards
            LocalRuntime runtime = runtime(kind == PlanKind.KFOLD ? 4 : 2);
            long start = System.nanoTime();
            List<String> lines = new ArrayList<>();
            ComputationGraph result = new PlanRunner(runtime, stages::add, lines::add).run(plan(kind));
            double wall = (System.nanoTime() - start) / 1e9;
            double staged = stages.stream().mapToDouble(StageRecord::seconds).sum();
            assertTrue(staged <= wall + 1e-3, kind + ": stage times overlap (" + staged + " s of " + wall + " s)");
            assertEquals(expectedStages.get(kind), stages.stream().map(StageRecord::name).toList(), kind.id());
            assertEquals(progressLines(expectedStages.get(kind)), lines.stream().filter(l -> l.startsWith("[plan] stage "))
                    .map(l -> l.replaceFirst("\\), elapsed .*", ")")).toList(), kind.id() + ": one overall progress line per stage");
            int trained = stages.get(0).models().size();
            assertEquals(kind == PlanKind.KFOLD ? 6 : kind == PlanKind.WHOLE_DATA ? 1 : 2, trained, kind + " models trained");
            assertTrue(result.numParams() < 0.45 * unpruned, kind + ": " + result.numParams() + " of " + unpruned + " parameters");
            accuracies.put(kind, Evaluator.evaluate(result, data.test().orderedIterator(200)).accuracy());
        }
        System.out.println("[plan test] accuracies " + accuracies);
        // 2400 images, 2 epochs, 50% of every group pruned, two threads per task: measured paf 0.68, fap 0.71,
        // whole-data 0.62, k-fold 0.58; chance is 0.1
        accuracies.forEach((kind, accuracy) -> assertTrue(accuracy > 0.5, kind + ": accuracy " + accuracy + " " + accuracies));
    }

    @Test
    void iterativePruningReportsEachStepAndItsFineTune() {
        List<StageRecord> stages = new ArrayList<>();
        PlanSpec spec3 = new PlanSpec(PlanKind.WHOLE_DATA, 1,
                new PruneSpec(PruneMethod.of(PruneMethod.Kind.DEFAULT, IntraFusionOptions.MergeMode.PAPER,
                        PruneMethod.Preset.PROJECT), "l1", 0.6, 3, 1), TUNE,
                new FusionSpec(AlignmentKind.WEIGHT, 1, 0), TUNE);
        List<String> lines = new ArrayList<>();
        ComputationGraph result = new PlanRunner(runtime(2), stages::add, lines::add).run(spec3);
        List<String> expected = List.of("train", "prune-1", "tune-1", "prune-2", "tune-2", "prune-3", "tune-3");
        assertEquals(expected, stages.stream().map(StageRecord::name).toList());
        assertEquals(progressLines(expected), lines.stream().filter(l -> l.startsWith("[plan] stage "))
                .map(l -> l.replaceFirst("\\), elapsed .*", ")")).toList());
        long[] sizes = stages.stream().filter(s -> s.name().startsWith("prune")).mapToLong(s -> s.models().get(0).numParams())
                .toArray();
        assertTrue(sizes[0] > sizes[1] && sizes[1] > sizes[2], "each step prunes further: " + java.util.Arrays.toString(sizes));
        assertEquals(sizes[2], result.numParams());
    }

    @Test
    void theRoundListenerSeesEveryFineTuneRoundOffTheClockAndChangesNothing() {
        TuneSpec twoRounds = new TuneSpec(2, 1, TUNE.optimizer());
        PlanSpec fap = new PlanSpec(PlanKind.FAP, 1, PruneSpec.intraFusion(0.5), twoRounds,
                new FusionSpec(AlignmentKind.ACTIVATION, 100, 200), twoRounds);
        List<StageRecord> stages = new ArrayList<>();
        List<RoundRecord> rounds = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        long sleep = 300;
        // small and quick: an MLP at width 1/4 on 800 images
        java.util.function.Supplier<LocalRuntime> small = () -> new LocalRuntime(data.train().head(800),
                new ModelSpec(ModelFamily.MLP, data.train().shape(), 10, 0.25, 1),
                new RunRules(new SplitRule(SplitRule.Kind.IID, 2, 0.5, 3), RunRules.ModelInit.INDEPENDENT, 5, 2), TRAIN, 64,
                new TaskLog(line -> { }, java.time.Duration.ofSeconds(10)));
        long start = System.nanoTime();
        ComputationGraph result = new PlanRunner(small.get(), stages::add, r -> {
            rounds.add(r);
            // what the job does with a round (evaluation on a copy), and a known extra time that no clock may count
            accuracies.add(Evaluator.evaluate(org.splitfuse.core.infer.InferenceForm.of(r.model()),
                    data.test().orderedIterator(200)).accuracy());
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, l -> { }).run(fap);
        double wall = (System.nanoTime() - start) / 1e9;

        assertEquals(List.of("tune-fused 1", "tune-fused 2", "tune 1", "tune 2"),
                rounds.stream().map(r -> r.stage() + " " + r.round()).toList());
        assertEquals(List.of(false, false, true, true), rounds.stream().map(RoundRecord::finalSize).toList(),
                "final size only after the (last) pruning step");
        assertEquals(List.of(false, false, false, true, true), stages.stream().map(StageRecord::finalSize).toList(),
                "train (2 models), fuse, tune-fused, prune, tune");
        double staged = stages.stream().mapToDouble(StageRecord::seconds).sum();
        assertTrue(staged <= wall - rounds.size() * sleep / 1e3, "the listener's time is in no stage: " + staged + " s of " + wall);
        double sum = 0;
        for (StageRecord st : stages) {
            sum += st.seconds();
            assertEquals(sum, st.planSeconds(), 1e-9, st.name() + ": the plan's time at its end");
        }
        // each round lies inside its stage on the plan's time axis, in time order
        double previous = 0;
        for (RoundRecord r : rounds) {
            StageRecord st = stages.stream().filter(x -> x.name().equals(r.stage())).findFirst().orElseThrow();
            assertTrue(r.planSeconds() > previous && r.planSeconds() > st.planSeconds() - st.seconds()
                    && r.planSeconds() <= st.planSeconds(), r + " in " + st);
            previous = r.planSeconds();
        }
        assertTrue(rounds.get(3).model() == result, "the last round's model is the result");
        assertEquals(Evaluator.evaluate(result, data.test().orderedIterator(200)).accuracy(), accuracies.get(3), 1e-6);

        ComputationGraph without = new PlanRunner(small.get(), s -> { }, l -> { }).run(fap);
        assertArrayEquals(without.params().data().asFloat(), result.params().data().asFloat(),
                "the same bits with and without the round listener");
    }

    /** "[plan] stage i of n (name)" for each stage, the start of the overall progress lines. */
    private static List<String> progressLines(List<String> stages) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            lines.add("[plan] stage " + (i + 1) + " of " + stages.size() + " (" + stages.get(i) + ")");
        }
        return lines;
    }

    @Test
    void kFoldHalvesAreEveryChoiceOfHalfTheShards() {
        List<int[]> four = KFold.halves(4);
        assertEquals(6, four.size());
        assertArrayEquals(new int[] {0, 1}, four.get(0));
        assertArrayEquals(new int[] {2, 3}, four.get(5));
        assertEquals(20, KFold.halves(6).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KFold.halves(3));
        assertTrue(e.getMessage().contains("even"), e.getMessage());
    }

    @Test
    void synchronousTrainingIsOnlyOnSpark() {
        LocalRuntime runtime = runtime(2);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new PlanRunner(runtime, s -> { }, l -> { }).run(plan(PlanKind.SYNC_DP)));
        assertTrue(e.getMessage().contains("sync-dp"), e.getMessage());
    }
}
