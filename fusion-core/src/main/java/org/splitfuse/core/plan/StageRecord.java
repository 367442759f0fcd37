package org.splitfuse.core.plan;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** One finished stage of a plan: its name, wall time and the models it produced (one or K). */
public record StageRecord(String name, double seconds, List<ComputationGraph> models) {

    /** True for the stages that train models from scratch (the "train" time of a run). */
    public boolean isTraining() {
        return name.equals(PlanRunner.TRAIN);
    }
}
