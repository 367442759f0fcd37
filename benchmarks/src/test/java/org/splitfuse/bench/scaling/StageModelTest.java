package org.splitfuse.bench.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.config.LayeredConfig;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

/** The byte model against exact counts, and the pruned model's size against the measured one. */
class StageModelTest {

    private static final Workload W = ScalingSettings.from(LayeredConfig.load("split-data-scaling-reference.conf",
            "split-data-scaling", null, List.of())).workload();
    private static final StageModel MODEL = new StageModel(W, new ModelSizes(W.input(), W.classes()));

    private static Scenario scenario(Method m, int k, String network) {
        return new Scenario(m, ModelFamily.VGG11_BN, 0.25, k, Network.parse(network), 2.0 / k, 2);
    }

    @Test
    void syncDpMovesRoundsTimesTwoTimesKTimesTheParametersAndUpdaterState() {
        // the payload as SyncDataParallel counts it: 4 bytes x (parameters + the Nesterov updater's state)
        ComputationGraph net = ModelZoo.build(new ModelSpec(ModelFamily.VGG11_BN, InputShape.of(1, 28, 28), 10, 0.25, 0),
                OptimizerSpec.paper());
        long payload = 4L * (net.numParams() + net.getUpdater().getStateViewArray().length());
        for (int k : new int[] {2, 4, 8}) {
            long minibatchesPerShard = (60000 / k + 127) / 128;
            long perEpoch = (k * minibatchesPerShard + 5L * k - 1) / (5L * k);
            long rounds = 5 * perEpoch;
            assertEquals(rounds * 2 * k * payload, MODEL.stage(scenario(Method.SYNC_DP, k, "1gbit"), "train").bytes(), 0.5, "K = " + k);
            assertEquals(rounds, MODEL.stage(scenario(Method.SYNC_DP, k, "1gbit"), "train").x()[Term.ROUNDS.ordinal()], "K = " + k);
            long f1 = 5 * ((k * minibatchesPerShard + k - 1) / k);
            assertEquals(f1 * 2 * k * payload, MODEL.stage(scenario(Method.SYNC_DP_F1, k, "1gbit"), "train").bytes(), 0.5);
        }
        // 235 rounds at K = 2: the count docs/results/split-data.md gives for the measured run
        assertEquals(235, MODEL.stage(scenario(Method.SYNC_DP, 2, "1gbit"), "train").x()[Term.ROUNDS.ordinal()]);
    }

    @Test
    void theModelledBytesMatchTheMeasuredOnesAndThePrunedSizeTheMeasuredOne() {
        // docs/results/split-data-stages.csv of 2026-12-03 (loopback, K = 2, width 1/4): sync-dp's train and PaF's tune-fused
        double syncMeasured = 4_385_117_834.0;
        double tuneMeasured = 6_586_671.0;
        double modelled = MODEL.stage(scenario(Method.SYNC_DP, 2, "loopback"), "train").bytes();
        // the listener's count: the broadcasts (exactly this) and the collected task results (a little more, Java serialisation)
        assertEquals(1, syncMeasured / modelled, 0.02, "measured " + syncMeasured + ", modelled " + modelled);
        double tuneModel = MODEL.stage(scenario(Method.PAF, 2, "loopback"), "tune-fused").bytes();
        assertEquals(3.0 * 2 * 2 * 4 * 146_442, tuneModel, 0.5, "3 rounds x out and back x K x the pruned model");
        // models travel as zips, a little smaller than 4 bytes a parameter
        assertTrue(tuneMeasured < tuneModel && tuneMeasured > 0.85 * tuneModel, tuneMeasured + " against " + tuneModel);
        assertEquals(146_442, MODEL.pruned(scenario(Method.PAF, 2, "loopback")).params(), "the measured final model's parameters");
        assertEquals(0, MODEL.stage(scenario(Method.SYNC_DP, 2, "loopback"), "train").x()[Term.NETWORK.ordinal()], "loopback: no link");
        assertEquals(8 * modelled / 1e9, MODEL.stage(scenario(Method.SYNC_DP, 2, "1gbit"), "train").x()[Term.NETWORK.ordinal()], 1e-6);
    }

    @Test
    void computeIsWhatAWorkerProcessesOverItsCores() {
        ModelSize full = MODEL.full(scenario(Method.PAF, 2, "1gbit"));
        StageTerms paf = MODEL.stage(scenario(Method.PAF, 2, "1gbit"), "train");
        StageTerms whole = MODEL.stage(scenario(Method.WHOLE_DATA, 2, "1gbit"), "train");
        assertEquals(5.0 * 30000 * 3 * full.flops() / 1.0, paf.x()[Term.COMPUTE_FLOPS.ordinal()], 1);
        assertEquals(2 * paf.x()[Term.COMPUTE_FLOPS.ordinal()], whole.x()[Term.COMPUTE_FLOPS.ordinal()], 1, "all the data on one Worker");
        // at K = 4 on the same machine: half the examples on half the cores
        assertEquals(paf.x()[Term.COMPUTE_FLOPS.ordinal()], MODEL.stage(scenario(Method.PAF, 4, "1gbit"), "train")
                .x()[Term.COMPUTE_FLOPS.ordinal()], 1);
        assertEquals(2 * MODEL.stage(scenario(Method.PAF, 2, "1gbit"), "fuse").x()[Term.FUSION_WORK.ordinal()],
                MODEL.stage(scenario(Method.PAF, 4, "1gbit"), "fuse").x()[Term.FUSION_WORK.ordinal()], 1, "fusion grows with K");
    }
}
