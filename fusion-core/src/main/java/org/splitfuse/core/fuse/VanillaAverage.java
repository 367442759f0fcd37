package org.splitfuse.core.fuse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.core.surgery.BatchNormFolding;

/**
 * Weighted average of K networks' parameters, with no alignment of their neurons. Exact when the
 * networks share a starting point; the baseline that OT fusion must beat when they do not.
 * BatchNorm running statistics are parameters in DL4J and are averaged like the rest.
 */
public final class VanillaAverage {

    private VanillaAverage() {
    }

    public static ComputationGraph of(List<ComputationGraph> models) {
        double[] weights = new double[models.size()];
        Arrays.fill(weights, 1.0 / models.size());
        return of(models, weights);
    }

    /** Weights must be non-negative; they are normalised to sum to one. */
    public static ComputationGraph of(List<ComputationGraph> models, double[] weights) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("cannot average zero models");
        }
        if (weights.length != models.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + models.size() + " models");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("averaging weights must be finite and >= 0, got " + Arrays.toString(weights));
            }
            total += w;
        }
        if (total == 0) {
            throw new IllegalArgumentException("averaging weights sum to zero");
        }
        ComputationGraph first = models.get(0);
        for (int k = 1; k < models.size(); k++) {
            requireSameShapes(first, models.get(k), k);
        }
        INDArray sum = first.params().mul(weights[0] / total);
        for (int k = 1; k < models.size(); k++) {
            sum.addi(models.get(k).params().mul(weights[k] / total));
        }
        ComputationGraph result = first.clone();
        result.setParams(sum);
        return result;
    }

    /**
     * The equal-weight average of the models with BatchNorms folded, then {@link ActivationRepair}:
     * the baseline for repaired OT fusion.
     */
    public static ComputationGraph repaired(List<ComputationGraph> models, INDArray repairSamples) {
        List<ComputationGraph> folded = models.stream().map(BatchNormFolding::fold).toList();
        double[] weights = new double[models.size()];
        Arrays.fill(weights, 1.0 / models.size());
        return ActivationRepair.apply(of(folded, weights), folded, weights, repairSamples);
    }

    private static void requireSameShapes(ComputationGraph a, ComputationGraph b, int index) {
        Map<String, INDArray> pa = a.paramTable();
        Map<String, INDArray> pb = b.paramTable();
        if (!pa.keySet().equals(pb.keySet())) {
            throw new IllegalArgumentException("model " + index + " has different parameters than model 0: "
                    + pb.keySet() + " vs " + pa.keySet());
        }
        for (Map.Entry<String, INDArray> e : pa.entrySet()) {
            long[] sa = e.getValue().shape();
            long[] sb = pb.get(e.getKey()).shape();
            if (!Arrays.equals(sa, sb)) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " of model " + index + " has shape "
                        + Arrays.toString(sb) + ", model 0 has " + Arrays.toString(sa));
            }
        }
    }
}
