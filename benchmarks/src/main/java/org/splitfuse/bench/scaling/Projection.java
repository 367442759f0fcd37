package org.splitfuse.bench.scaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted model's time to the final pruned model for each method at K machines, a model and a
 * link bandwidth, and PaF's speedup over the fastest sync-DP variant and over whole-data.
 */
record Projection(List<Cell> cells, List<Method> methods) {

    /** One (model, K, bandwidth): each method's predicted seconds and bytes over the bottleneck link. */
    record Cell(ScalingSettings.ProjectedModel model, int k, double gbit, Map<Method, Double> seconds,
                Map<Method, Double> bytes) {

        /** The fastest sync-DP variant of the projection, or null when it has none. */
        Method bestSync() {
            Method best = null;
            for (Map.Entry<Method, Double> e : seconds.entrySet()) {
                if (e.getKey().syncDp() && (best == null || e.getValue() < seconds.get(best))) {
                    best = e.getKey();
                }
            }
            return best;
        }

        /** PaF's speedup over the fastest sync-DP variant (how many times sooner PaF has its final model); NaN without one. */
        double pafOverBestSync() {
            Method best = bestSync();
            return best == null ? Double.NaN : seconds.get(best) / seconds.get(Method.PAF);
        }

        double pafOverWholeData() {
            Double whole = seconds.get(Method.WHOLE_DATA);
            return whole == null ? Double.NaN : whole / seconds.get(Method.PAF);
        }
    }

    static Projection of(ScalingSettings s, StageModel model, CostFit fit) {
        List<Cell> cells = new ArrayList<>();
        for (ScalingSettings.ProjectedModel m : s.models()) {
            for (int k : s.machines()) {
                for (double g : s.gbit()) {
                    Map<Method, Double> seconds = new LinkedHashMap<>();
                    Map<Method, Double> bytes = new LinkedHashMap<>();
                    for (Method method : s.methods()) {
                        Scenario sc = new Scenario(method, m.family(), m.width(), k, Network.gbit(g), s.workerCores(),
                                s.projectionDriverCores());
                        List<StageTerms> stages = model.stages(sc);
                        seconds.put(method, fit.total(stages));
                        bytes.put(method, stages.stream().mapToDouble(StageTerms::bytes).sum());
                    }
                    cells.add(new Cell(m, k, g, seconds, bytes));
                }
            }
        }
        return new Projection(cells, s.methods());
    }
}
