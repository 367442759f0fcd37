package org.splitfuse.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.splitfuse.core.plan.PlanRunner;
import org.splitfuse.spark.config.JobConfig;

/**
 * What report.json holds: the versions, where the run ran (master, executors, cores, threads per
 * task), every location resolved, the effective config (with those locations), the data, every
 * stage (time, bytes moved, models with accuracy, parameters and FLOPs), the time-to-accuracy curve
 * ({@link CurvePoint}s in time order), the final model, and the totals (docs/split-data.md).
 *
 * @param planSeconds  the sum of the plan's stage times: the time to the final model
 * @param totalSeconds the whole run, including data loading, evaluation and writing
 */
record JobReport(JobConfig config, SparkRun spark, Map<String, Object> data, List<StageReport> stages,
                 List<CurvePoint> curve, ModelEvaluation finalModel, double loadSeconds, double planSeconds, double totalSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    double trainSeconds() {
        return stages.stream().filter(s -> s.name().equals(PlanRunner.TRAIN)).mapToDouble(StageReport::seconds).sum();
    }

    long bytesMoved() {
        return stages.stream().mapToLong(s -> s.traffic().totalBytes()).sum();
    }

    String toJson() {
        try {
            ObjectNode root = JSON.createObjectNode();
            // report/4: every key snake_case (test_accuracy, test_loss), and the config's fingerprint; report/5: curve
            root.put("splitfuse", "report/5");
            root.put("splitfuse_version", Versions.splitfuse());
            root.put("plan", config.plan().kind().id());
            root.put("config_fingerprint", config.fingerprint());
            ObjectNode where = root.putObject("spark");
            where.put("master", spark.master());
            where.put("version", spark.version());
            where.put("executors", spark.executors());
            where.put("cores", spark.cores());
            where.set("executor_hosts", JSON.valueToTree(spark.hosts()));
            where.put("task_threads", spark.taskThreads());
            ObjectNode locations = root.putObject("locations");
            locations.put("output", config.output().uri());
            locations.put("checkpoints", config.output().checkpoints());
            locations.put("data", config.data().dir());
            root.set("config", JSON.readTree(config.rendered()));
            root.set("data", JSON.valueToTree(data));
            ArrayNode stageArray = root.putArray("stages");
            for (StageReport s : stages) {
                ObjectNode n = stageArray.addObject();
                n.put("name", s.name());
                n.put("seconds", s.seconds());
                ObjectNode bytes = n.putObject("bytes_moved");
                bytes.put("task_results", s.traffic().taskResultBytes());
                bytes.put("shuffle", s.traffic().shuffleBytes());
                bytes.put("sent_by_driver", s.traffic().sentBytes());
                bytes.put("total", s.traffic().totalBytes());
                n.put("tasks", s.traffic().tasks());
                n.put("failed_task_attempts", s.traffic().failedTasks());
                ArrayNode models = n.putArray("models");
                s.models().forEach(m -> model(models.addObject(), m));
            }
            ArrayNode points = root.putArray("curve");
            curve.forEach(p -> p.write(points.addObject()));
            model(root.putObject("final_model"), finalModel);
            root.put("load_seconds", loadSeconds);
            root.put("train_seconds", trainSeconds());
            root.put("plan_seconds", planSeconds);
            root.put("total_seconds", totalSeconds);
            root.put("bytes_moved", bytesMoved());
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render report.json", e);
        }
    }

    private static void model(ObjectNode n, ModelEvaluation m) {
        n.put("name", m.name());
        n.put("parameters", m.parameters());
        n.put("flops", m.flops());
        n.put("test_accuracy", m.testAccuracy());
        n.put("test_loss", m.testLoss());
    }

    static JsonNode parse(String json) throws JsonProcessingException {
        return JSON.readTree(json);
    }
}
