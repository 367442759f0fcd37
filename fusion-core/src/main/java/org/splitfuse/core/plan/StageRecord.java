package org.splitfuse.core.plan;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One finished stage of a plan: its name, wall time and the models it produced (one or K).
 *
 * @param seconds     the stage's wall time, without the time spent in a {@link RoundRecord} listener
 * @param planSeconds the plan's time at the stage's end: the sum of this and every earlier stage's seconds
 * @param finalSize   one model, and no stage to come changes its size or makes it (only fine-tunes follow):
 *                    a candidate final model
 */
public record StageRecord(String name, double seconds, double planSeconds, List<ComputationGraph> models,
                          boolean finalSize) {

    /** True for the stages that train models from scratch (the "train" time of a run). */
    public boolean isTraining() {
        return name.equals(PlanRunner.TRAIN);
    }
}
