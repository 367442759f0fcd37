package org.splitfuse.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One point of a run's time-to-accuracy curve (report.json's {@code curve}): the test accuracy of
 * the current model at a moment of the plan's time.
 *
 * @param seconds    the plan's time (the sum of the stage times so far; no evaluation in it)
 * @param stage      the stage the model comes from (a stage's name in {@code stages})
 * @param round      1-based: the fine-tune round or sync-dp epoch; 0: the stage's end (a stage whose
 *                   last round has a point gets no second one for its end: the same model)
 * @param accuracy   test accuracy, a fraction in [0, 1]; a stage of K models: their mean
 * @param parameters the model's parameter count (K models: their mean)
 * @param finalSize  one model, with only fine-tunes to come: a candidate final model (pruned and,
 *                   where the plan fuses, fused)
 */
public record CurvePoint(double seconds, String stage, int round, double accuracy, long parameters, boolean finalSize) {

    void write(ObjectNode n) {
        n.put("seconds", seconds);
        n.put("stage", stage);
        n.put("round", round);
        n.put("accuracy", accuracy);
        n.put("parameters", parameters);
        n.put("final_size", finalSize);
    }

    /** A point as report.json writes it. */
    public static CurvePoint of(JsonNode n) {
        return new CurvePoint(n.get("seconds").asDouble(), n.get("stage").asText(), n.get("round").asInt(),
                n.get("accuracy").asDouble(), n.get("parameters").asLong(), n.get("final_size").asBoolean());
    }
}
