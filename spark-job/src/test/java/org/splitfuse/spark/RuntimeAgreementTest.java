package org.splitfuse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.data.RealData;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.plan.PlanRunner;
import org.splitfuse.core.plan.StageRecord;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.spark.config.ConfigLoader;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.config.Locations;
import org.splitfuse.spark.data.JobData;
import org.splitfuse.spark.exec.LocalRuntimes;

/**
 * The same config on LocalRuntime (every task in this thread, one after another) and on embedded
 * Spark local[2] (tasks two at a time on Spark's threads, models travelling as zips) gives the
 * same model bits: the trained shard models and the final PaF model, parameter for parameter; the
 * Spark run with report.curve's evaluation after every fine-tune round, the local one without.
 */
class RuntimeAgreementTest {

    private static final Path FASHION_MNIST = RealData.FASHION_MNIST;

    @TempDir
    Path dir;

    @Test
    void localRuntimeAndEmbeddedSparkGiveTheSameModelBits() throws Exception {
        RealData.fashionMnist();
        Path out = dir.resolve("spark");
        List<String> overrides = List.of("plan.kind=paf", "split.shards=2", "model.family=small-cnn", "model.width=0.5",
                "train.epochs=1", "data.train-limit=2000", "data.test-limit=500", "fusion.repair-samples=300",
                "spark.master=local[2]", "output.checkpoints=\"\"", "output.uri=" + out,
                // the Spark run evaluates the model between the two rounds (LocalRuntime here has no round listener)
                "tune.after-fusion.rounds=2", "report.curve=true");
        // resolved as the job resolves it; the job resolves the given config again itself
        JobConfig given = ConfigLoader.load(null, overrides);
        JobConfig config = Locations.resolve(given, new Configuration(), JobData.locate(given.data(), new Configuration(), line -> { }));

        List<StageRecord> stages = new ArrayList<>();
        JobData data = new JobData(config);
        ComputationGraph local = new PlanRunner(LocalRuntimes.of(config, data, line -> { }), stages::add, line -> { })
                .run(config.planSpec());
        double localAccuracy = Evaluator.evaluate(local, data.load(line -> { }).test()
                .orderedIterator(config.train().batchSize())).accuracy();

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(overrides.toArray(new String[0]), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));

        for (int i = 0; i < 2; i++) {
            assertSameBits(stages.get(0).models().get(i), read(out.resolve("trained/model-" + i + ".zip")), "trained model " + i);
        }
        assertSameBits(local, read(out.resolve("model.zip")), "final model");
        JsonNode report = JobReport.parse(Files.readString(out.resolve("report.json")));
        assertEquals(localAccuracy, report.at("/final_model/test_accuracy").asDouble(), 0.0, "the same test examples right");
    }

    private static ComputationGraph read(Path zip) throws Exception {
        try (InputStream in = Files.newInputStream(zip)) {
            return ModelIO.read(in, zip.toString());
        }
    }

    private static void assertSameBits(ComputationGraph expected, ComputationGraph actual, String what) {
        assertEquals(expected.getConfiguration().getVertices().keySet(), actual.getConfiguration().getVertices().keySet(), what);
        // exact: assertArrayEquals on float[] compares bit patterns, no tolerance
        assertArrayEquals(expected.params().data().asFloat(), actual.params().data().asFloat(), what + " parameters");
    }
}
