package org.splitfuse.core.plan;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The current model after one round of a distributed fine-tune ({@link PlanRunner}'s tune-fused and
 * tune stages: the averaged copies) or one epoch of synchronous training (sync-dp's train stage),
 * handed to a round listener while the stage runs. The listener's time is counted in no stage.
 *
 * @param stage       the stage's name, as its {@link StageRecord} will have it
 * @param round       1-based: the fine-tune round, or the epoch
 * @param planSeconds the plan's time so far (finished stages and this one up to now, listener time excluded)
 * @param model       the current model; the listener must not change it (it goes on training)
 * @param finalSize   no stage to come changes its size or makes it (see {@link StageRecord#finalSize})
 */
public record RoundRecord(String stage, int round, double planSeconds, ComputationGraph model, boolean finalSize) {
}
