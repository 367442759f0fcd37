package org.splitfuse.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.fuse.VanillaAverage;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.train.EvalResult;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.output.RunOutput;

/**
 * One run: load and shard the data, train one model per shard on the executors, combine the
 * shard models on the driver, evaluate, and write the results all-or-nothing.
 */
final class JobRunner {

    private final JobConfig config;
    private final PrintStream out;
    private final StageTimes times = new StageTimes();

    JobRunner(JobConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    JobReport run() throws IOException {
        long start = System.nanoTime();
        // fail on an unusable output location before any long work
        RunOutput.checkTarget(config.output().uri(), config.output().overwrite(), new Configuration());
        PreparedData data = times.time("load-data", () -> PreparedData.load(config, out::println));

        List<ShardResult> shards;
        Configuration hadoopConf;
        try (JavaSparkContext sc = SparkContexts.start(config.spark())) {
            out.println("splitfuse: Spark " + sc.version() + " master " + sc.master() + ", " + data.shards().size()
                    + " shards of " + data.trainSize() + " training examples");
            shards = times.time("train-shards", () -> new ArrayList<>(sc
                    .parallelize(data.shards(), data.shards().size())
                    .mapPartitions(new ShardTrainingTask(config))
                    .collect()));
            hadoopConf = new Configuration(sc.hadoopConfiguration());
        }
        shards.sort(Comparator.comparingInt(ShardResult::shard));

        List<ModelEvaluation> evaluations = new ArrayList<>();
        List<ComputationGraph> models = new ArrayList<>();
        times.time("evaluate-shards", () -> {
            for (ShardResult r : shards) {
                ComputationGraph net = ModelIO.fromBytes(r.model(), "shard " + r.shard());
                models.add(net);
                evaluations.add(evaluate("shard-" + r.shard(), net, r.examples(), r.trainSeconds(), data));
            }
            return null;
        });
        ComputationGraph combined = times.time("combine", () -> VanillaAverage.of(models));
        evaluations.add(times.time("evaluate-combined",
                () -> evaluate("combined (" + config.combine().method().name().toLowerCase() + ")", combined,
                        data.trainSize(), 0, data)));

        JobReport report = new JobReport(config, data.describe(), evaluations, times.asMap(),
                (System.nanoTime() - start) / 1e9);
        times.time("write-output", () -> {
            write(report, combined, shards, hadoopConf);
            return null;
        });
        out.println(SummaryTable.render(report, times.asMap()));
        return report;
    }

    private ModelEvaluation evaluate(String name, ComputationGraph net, long trainExamples, double trainSeconds,
                                     PreparedData data) {
        EvalResult r = Evaluator.evaluate(net, data.testIterator(config.train().batchSize()));
        return new ModelEvaluation(name, net.numParams(), trainExamples, trainSeconds, r.accuracy(), r.loss());
    }

    private void write(JobReport report, ComputationGraph combined, List<ShardResult> shards, Configuration conf) {
        try (RunOutput output = RunOutput.open(config.output().uri(), config.output().overwrite(), conf)) {
            try (OutputStream os = output.create("model.zip")) {
                ModelIO.write(combined, os, false);
            }
            for (ShardResult r : shards) {
                output.write("shards/shard-" + r.shard() + ".zip", r.model());
            }
            output.writeText("report.json", report.toJson());
            output.commit();
            out.println("splitfuse: wrote " + output.target());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing the output to " + config.output().uri() + " failed", e);
        }
    }
}
