package org.splitfuse.spark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sweep's tables show of one cell, read from its report.json (report/4 or later), or its error.
 *
 * @param seed        the seed the cell ran with (the config's model.seed when the sweep sets none)
 * @param accuracy    the final model's test accuracy, percent
 * @param planSeconds the sum of the plan's stages: the time to the final model
 * @param stages      seconds per stage name, in plan order (a name that occurs twice is summed)
 */
record CellResult(Cell cell, boolean ok, long seed, double accuracy, long params, long flops, double planSeconds,
                  Map<String, Double> stages, long bytesMoved, String error) {

    static CellResult of(Cell cell, long seed, JsonNode report) {
        Map<String, Double> stages = new LinkedHashMap<>();
        for (JsonNode st : report.get("stages")) {
            stages.merge(st.get("name").asText(), st.get("seconds").asDouble(), Double::sum);
        }
        JsonNode f = report.get("final_model");
        return new CellResult(cell, true, seed, 100 * f.get("test_accuracy").asDouble(), f.get("parameters").asLong(),
                f.get("flops").asLong(), report.get("plan_seconds").asDouble(), stages, report.get("bytes_moved").asLong(), "");
    }

    static CellResult failed(Cell cell, long seed, String error) {
        return new CellResult(cell, false, seed, Double.NaN, 0, 0, Double.NaN, Map.of(), 0, error);
    }
}
