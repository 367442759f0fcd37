package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.data.RealData;

/**
 * The job end to end on real Fashion-MNIST (a subset) in embedded local Spark: Split-Data plans
 * train one small CNN per shard on its own executor task, prune, fuse and fine-tune them, and
 * write the run out; checkpoints are reused by a rerun; a failed task is retried.
 */
class SplitDataJobTest {

    private static final Path FASHION_MNIST = RealData.FASHION_MNIST;

    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr, JsonNode report) {
    }

    private Run run(Path out, String... overrides) throws Exception {
        RealData.fashionMnist();
        List<String> args = new ArrayList<>(List.of("split.shards=2", "model.family=small-cnn", "model.width=0.5",
                "train.epochs=2", "data.train-limit=8000", "data.test-limit=2000", "prune.sparsity=0.5",
                "fusion.repair-samples=300", "spark.master=local[2]", "output.checkpoints=\"\"", "output.uri=" + out));
        args.addAll(List.of(overrides));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(args.toArray(new String[0]), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        System.out.println(printed); // the job's own lines and summary, for the test log
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8) + printed);
        return new Run(exit, printed, stderr.toString(StandardCharsets.UTF_8),
                JobReport.parse(Files.readString(out.resolve("report.json"))));
    }

    private static List<String> stageNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("stages").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    @Test
    void pruneAndFuseAndFuseAndPruneEndWithASmallerModelThatStillClassifies() throws Exception {
        for (String plan : List.of("paf", "fap")) {
            Path out = dir.resolve(plan);
            Run r = run(out, "plan.kind=" + plan);
            assertTrue(Files.isRegularFile(out.resolve("model.zip")));
            assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")));
            assertTrue(Files.isRegularFile(out.resolve("trained/model-0.zip")));
            assertTrue(Files.isRegularFile(out.resolve("trained/model-1.zip")));
            JsonNode report = r.report();
            assertEquals(plan, report.get("plan").asText());
            assertWhereItRan(report, out);
            assertEquals(plan.equals("paf") ? List.of("train", "prune-each", "fuse", "tune-fused")
                    : List.of("train", "fuse", "tune-fused", "prune", "tune"), stageNames(report));

            JsonNode train = report.get("stages").get(0);
            assertEquals(2, train.get("models").size(), plan + ": one model per shard");
            long trainedParams = train.get("models").get(0).get("parameters").asLong();
            long finalParams = report.at("/final_model/parameters").asLong();
            assertTrue(finalParams < 0.45 * trainedParams, plan + ": " + finalParams + " of " + trainedParams + " parameters");
            assertTrue(report.at("/final_model/flops").asLong() < 0.45 * train.get("models").get(0).get("flops").asLong());
            // 8000 images, a width-1/2 CNN, half of every group pruned, one fine-tune round of one epoch:
            // measured paf 71.95%, fap 71.45% (one native thread per task; chance: 10%)
            double accuracy = report.at("/final_model/test_accuracy").asDouble();
            assertTrue(accuracy >= 0.50, plan + ": final accuracy " + accuracy);
            assertTrue(report.get("plan_seconds").asDouble() <= report.get("total_seconds").asDouble());

            // the models came back as task results, twice in the training stage (one per shard)
            long modelBytes = Files.size(out.resolve("trained/model-0.zip"));
            long trainBytes = train.at("/bytes_moved/task_results").asLong();
            assertTrue(trainBytes > 1.5 * modelBytes && trainBytes < 4 * modelBytes, trainBytes + " vs model " + modelBytes);
            assertTrue(report.get("bytes_moved").asLong() > trainBytes);
            assertTrue(report.get("plan_seconds").asDouble() >= report.get("train_seconds").asDouble());
            assertTrue(r.stdout().contains("final model (" + plan + ")") && r.stdout().contains("moved"), r.stdout());

            // report.curve off: one point per stage end, from the stages' own evaluations
            List<CurvePoint> curve = TimeToAccuracy.curve(report);
            assertEquals(stageNames(report), curve.stream().map(CurvePoint::stage).toList());
            assertTrue(curve.stream().allMatch(p -> p.round() == 0), curve.toString());
            assertEquals(plan.equals("paf") ? List.of(false, false, true, true) : List.of(false, false, false, true, true),
                    curve.stream().map(CurvePoint::finalSize).toList(), "final size from the last pruning (and fusion) on");
            assertStageEnds(report, curve);
        }
    }

    /** Every stage-end point is at the sum of the stage times so far, with its models' mean accuracy. */
    private static void assertStageEnds(JsonNode report, List<CurvePoint> curve) {
        double seconds = 0;
        int point = 0;
        for (JsonNode st : report.get("stages")) {
            seconds += st.get("seconds").asDouble();
            while (point < curve.size() && curve.get(point).stage().equals(st.get("name").asText())) {
                CurvePoint p = curve.get(point++);
                assertTrue(p.seconds() <= seconds + 1e-9, p + " after its stage's end " + seconds);
                if (p.round() == 0) {
                    assertEquals(seconds, p.seconds(), 1e-9, p.toString());
                    double mean = 0;
                    for (JsonNode m : st.get("models")) {
                        mean += m.get("test_accuracy").asDouble() / st.get("models").size();
                    }
                    assertEquals(mean, p.accuracy(), 1e-12, p.toString());
                }
            }
        }
        assertEquals(curve.size(), point, "every point belongs to a stage, in order: " + curve);
        assertEquals(report.get("plan_seconds").asDouble(), seconds, 1e-9, "plan_seconds is the sum of the stages");
        CurvePoint last = curve.get(curve.size() - 1);
        assertTrue(last.seconds() <= report.get("plan_seconds").asDouble());
        assertEquals(report.at("/final_model/test_accuracy").asDouble(), last.accuracy(), 0.0, "the last point is the final model");
        assertEquals(report.at("/final_model/parameters").asLong(), last.parameters());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).seconds() > curve.get(i - 1).seconds(), "in time order: " + curve);
        }
    }

    @Test
    void reportCurveGivesAPointPerFineTuneRoundAndPerSyncEpoch() throws Exception {
        // small: 2,000 images, one training epoch; two fine-tune rounds after fusion
        Run paf = run(dir.resolve("curve-paf"), "plan.kind=paf", "report.curve=true", "train.epochs=1",
                "data.train-limit=2000", "data.test-limit=500", "tune.after-fusion.rounds=2");
        List<CurvePoint> curve = TimeToAccuracy.curve(paf.report());
        assertEquals(List.of("train 0", "prune-each 0", "fuse 0", "tune-fused 1", "tune-fused 2"),
                curve.stream().map(p -> p.stage() + " " + p.round()).toList(), "the last round is tune-fused's end");
        assertEquals(List.of(false, false, true, true, true), curve.stream().map(CurvePoint::finalSize).toList());
        assertStageEnds(paf.report(), curve);
        JsonNode tuneFused = paf.report().get("stages").get(3);
        assertEquals(tuneFused.at("/models/0/test_accuracy").asDouble(), curve.get(4).accuracy(), 0.0);
        assertTrue(paf.stdout().contains("tune-fused round 1:"), "each round's evaluation is printed");
        // the rounds' evaluation is off the clock: it lies between the points, outside every stage
        double first = curve.get(3).seconds() - curve.get(2).seconds();
        double second = curve.get(4).seconds() - curve.get(3).seconds();
        assertTrue(first > 0 && second > 0 && tuneFused.get("seconds").asDouble() >= first + second,
                first + " + " + second + " of " + tuneFused);

        Run sync = run(dir.resolve("curve-sync"), "plan.kind=sync-dp", "report.curve=true", "train.epochs=2",
                "sync-dp.averaging-frequency=4", "data.train-limit=2000", "data.test-limit=500", "tune.after-prune.rounds=1");
        List<CurvePoint> syncCurve = TimeToAccuracy.curve(sync.report());
        assertEquals(List.of("train 1", "train 2", "prune 0", "tune 1"),
                syncCurve.stream().map(p -> p.stage() + " " + p.round()).toList(), "one point per epoch");
        assertEquals(List.of(false, false, true, true), syncCurve.stream().map(CurvePoint::finalSize).toList());
        assertStageEnds(sync.report(), syncCurve);
        assertEquals(sync.report().at("/stages/0/models/0/test_accuracy").asDouble(), syncCurve.get(1).accuracy(), 0.0,
                "the last epoch's point is the trained model");
        double best = syncCurve.stream().filter(CurvePoint::finalSize).mapToDouble(CurvePoint::accuracy).max().orElseThrow();
        CurvePoint reached = syncCurve.stream().filter(p -> p.finalSize() && p.accuracy() >= best).findFirst().orElseThrow();
        assertEquals(reached.seconds(), TimeToAccuracy.of(syncCurve, best).orElseThrow(), 0.0);
        assertTrue(TimeToAccuracy.of(syncCurve, 1.01).isEmpty());
    }

    /** report.json says where the run ran and what it read and wrote, as absolute URIs. */
    private static void assertWhereItRan(JsonNode report, Path out) {
        assertEquals("local[2]", report.at("/spark/master").asText());
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), report.at("/spark/version").asText());
        assertEquals(1, report.at("/spark/executors").asInt(), "local mode: the driver's JVM is the one executor");
        assertEquals(2, report.at("/spark/cores").asInt());
        assertEquals(1, report.at("/spark/task_threads").asInt(), "auto = spark.task.cpus");
        assertEquals(Versions.version(Path.of("pom.xml")) + " (source tree)", report.get("splitfuse_version").asText());
        assertEquals("file:" + out, report.at("/locations/output").asText());
        assertEquals("file:" + out, report.at("/config/output/uri").asText(), "the config holds the real location");
        assertEquals("", report.at("/locations/checkpoints").asText());
        assertEquals("file:" + FASHION_MNIST, report.at("/locations/data").asText());
        assertEquals("file:" + FASHION_MNIST, report.at("/data/source").asText());
        assertEquals("report/5", report.get("splitfuse").asText());
        assertTrue(report.get("config_fingerprint").asText().matches("[0-9a-f]{16}"), report.toString());
        assertSnakeCase(report, "");
    }

    /** The report's own keys are snake_case (the config section keeps the config's key names). */
    private static void assertSnakeCase(JsonNode node, String path) {
        if (node.isArray()) {
            node.forEach(n -> assertSnakeCase(n, path + "[]"));
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!(path + "/" + k).equals("/config")) {
                assertTrue(k.matches("[a-z0-9_]+"), "report.json key " + path + "/" + k + " is not snake_case");
                assertSnakeCase(node.get(k), path + "/" + k);
            }
        });
    }

    @Test
    void aRerunReusesTheCheckpointedModelsAndAFailedTaskIsRetried() throws Exception {
        // output.checkpoints = auto: beside the output directories, so the second run's finds the first's
        Path checkpoints = dir.resolve("checkpoints");
        // the first attempt of training task 0 throws; local[2,2] gives every task two attempts
        Run first = run(dir.resolve("first"), "plan.kind=whole-data", "split.shards=2", "spark.master=local[2,2]",
                "debug.fail-first-training-task=true", "output.checkpoints=auto", "tune.after-prune.rounds=0");
        assertTrue(first.report().at("/locations/checkpoints").asText().equals("file:" + checkpoints),
                first.report().at("/locations").toString());
        JsonNode train = first.report().get("stages").get(0);
        assertEquals(1, train.get("failed_task_attempts").asInt(), "the injected failure was seen and retried");
        try (Stream<Path> files = Files.walk(checkpoints)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("train-")).count(),
                    "the trained model was checkpointed");
        }

        Run second = run(dir.resolve("second"), "plan.kind=whole-data", "split.shards=2", "output.checkpoints=auto",
                "tune.after-prune.rounds=0");
        JsonNode again = second.report().get("stages").get(0);
        assertEquals(0, again.get("tasks").asInt(), "no training task ran: " + second.stdout());
        assertTrue(second.stdout().contains("reused from"), second.stdout());
        assertEquals(train.at("/models/0/test_accuracy").asDouble(), again.at("/models/0/test_accuracy").asDouble(), 1e-12,
                "the same model");
    }

    @Test
    void synchronousDataParallelBaselineTrainsOneModelOverAllShards() throws Exception {
        Run r = run(dir.resolve("sync"), "plan.kind=sync-dp", "train.epochs=1", "sync-dp.averaging-frequency=4",
                "tune.after-prune.rounds=0");
        JsonNode train = r.report().get("stages").get(0);
        assertEquals(List.of("train", "prune"), stageNames(r.report()));
        assertEquals(1, train.get("models").size());
        assertTrue(train.at("/models/0/test_accuracy").asDouble() > 0.6, train.toString());
        // 8000 examples / (2 workers x 128 x 4) = 8 averaging rounds, each moving the model both ways
        long modelBytes = Files.size(dir.resolve("sync/trained/model-0.zip"));
        assertTrue(train.at("/bytes_moved/total").asLong() > 8 * modelBytes, train.toString());
    }

    /**
     * sync-dp.master = gradient-sharing: dl4j-spark-parameterserver's SharedTrainingMaster, Aeron UDP
     * transport on 127.0.0.1 (in one JVM the two tasks feed one trainer, so nothing crosses UDP here).
     */
    @Test
    void gradientSharingBaselineTrainsAboveChance() throws Exception {
        Run r = run(dir.resolve("gs"), "plan.kind=sync-dp", "sync-dp.master=gradient-sharing", "train.epochs=1",
                "data.train-limit=2000", "tune.after-prune.rounds=0");
        JsonNode train = r.report().get("stages").get(0);
        assertEquals(List.of("train", "prune"), stageNames(r.report()));
        assertEquals(1, train.get("models").size());
        // 2000 examples, 16 minibatches through one trainer: measured 53.45% twice (chance: 10%)
        assertTrue(train.at("/models/0/test_accuracy").asDouble() > 0.25, train.toString());
        assertTrue(r.stdout().contains("[sync-dp] gradient sharing: driver at 127.0.0.1, UDP port 49876"), r.stdout());
        // the model and updater state broadcast to both workers once; the UDP updates are not counted
        long modelBytes = Files.size(dir.resolve("gs/trained/model-0.zip"));
        assertTrue(train.at("/bytes_moved/total").asLong() > modelBytes, train.toString());
    }
}
