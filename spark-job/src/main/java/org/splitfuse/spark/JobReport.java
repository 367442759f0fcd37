package org.splitfuse.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.splitfuse.spark.config.JobConfig;

/** What report.json holds: the effective config, the data, every model's accuracy, stage times. */
record JobReport(JobConfig config, Map<String, Object> data, List<ModelEvaluation> models,
                 Map<String, Double> stageSeconds, double totalSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String toJson() {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("splitfuse", "report/1");
            root.set("config", JSON.readTree(config.rendered()));
            root.set("data", JSON.valueToTree(data));
            root.set("models", JSON.valueToTree(models));
            root.set("stage_seconds", JSON.valueToTree(stageSeconds));
            root.put("total_seconds", totalSeconds);
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render report.json", e);
        }
    }

    static JsonNode parse(String json) throws JsonProcessingException {
        return JSON.readTree(json);
    }
}
