package org.splitfuse.core.plan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.MagnitudeImportance;
import org.splitfuse.core.prune.Networks;
import org.splitfuse.core.prune.PruneMethod;
import org.splitfuse.core.prune.Pruner;

/** A plan's prune spec repairs on the first repair-samples inputs of the data it prunes against, and only then. */
class PruneSpecRepairTest {

    @Test
    void repairSamplesAndTargetTakeEffect() {
        LabeledImages data = Datasets.fashionMnist(200, 10).train();
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, data.shape(), 0.25, 2);
        PruneSpec plain = new PruneSpec(PruneMethod.intraFusion(IntraFusionOptions.MergeMode.PRESERVING), "l1", 0.5, 1, 1);
        INDArray x = data.toDataSet(100, 108).getFeatures();

        INDArray without = Networks.logits(plain.pruner(data).prune(net, plain.plan()), x);
        INDArray measured = Networks.logits(plain.withRepair(64, ActivationRepair.Target.MEASURED).pruner(data)
                .prune(net, plain.plan()), x);
        INDArray batchNorm = Networks.logits(plain.withRepair(64, ActivationRepair.Target.BATCHNORM).pruner(data)
                .prune(net, plain.plan()), x);
        INDArray direct = Networks.logits(new Pruner(MagnitudeImportance.l1(), plain.method().mapSource())
                .withRepair(RunRules.samples(data, 64).getFeatures(), ActivationRepair.Target.MEASURED).prune(net, plain.plan()), x);

        double scale = Networks.maxAbs(measured);
        assertTrue(Networks.maxAbsDiff(measured, direct) <= 1e-5 * (1 + scale), "REPAIR runs on the data's first 64 inputs");
        assertTrue(Networks.maxAbsDiff(measured, without) > 1e-3 * scale, "repair-samples = 0 means no REPAIR");
        assertTrue(Networks.maxAbsDiff(measured, batchNorm) > 1e-3 * scale, "the target changes the result");
        assertThrows(IllegalArgumentException.class, () -> plain.withRepair(1, ActivationRepair.Target.MEASURED));
    }
}
