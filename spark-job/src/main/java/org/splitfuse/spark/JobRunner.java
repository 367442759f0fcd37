package org.splitfuse.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.graph.NetworkCost;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.plan.PlanRunner;
import org.splitfuse.core.plan.StageRecord;
import org.splitfuse.core.train.EvalResult;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.NativeMemoryGuard;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.config.Locations;
import org.splitfuse.spark.data.JobData;
import org.splitfuse.spark.exec.SparkRuntime;
import org.splitfuse.spark.exec.Traffic;
import org.splitfuse.spark.output.RunOutput;

/**
 * One run: check the output location, read the data, run the configured plan on Spark (stages
 * timed, bytes moved measured, each stage's models evaluated on the driver outside the stage's
 * time; with report.curve also the model after every fine-tune round and sync-dp epoch, off the
 * clock too: the time-to-accuracy curve), and write the final model, the trained models,
 * report.json and report.png all-or-nothing.
 */
final class JobRunner {

    private final JobConfig given;
    private final PrintStream out;
    private final PrintStream err;
    /** {@link #given} with every location resolved; set by {@link #run} before anything else */
    private JobConfig config;

    JobRunner(JobConfig config, PrintStream out, PrintStream err) {
        this.given = config;
        this.out = out;
        this.err = err;
    }

    JobReport run() throws IOException {
        long start = System.nanoTime();
        SparkConf sparkConf = SparkContexts.conf(given.spark());
        Configuration hadoop = SparkContexts.hadoopConf(sparkConf);
        // every location resolved once, here on the driver; the output proven writable before any long work
        RunOutput.checkWritable(Locations.qualify("output.uri", given.output().uri(), hadoop), given.output().overwrite(),
                hadoop);
        config = Locations.resolve(given, hadoop, JobData.locate(given.data(), hadoop, out::println));
        Locations.warning(sparkConf.get("spark.master"), config.data().dir(), config.output().checkpoints())
                .ifPresent(err::println);
        JobData data = new JobData(config);
        TrainTest local = data.load(out::println);
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        List<StageReport> stages = new ArrayList<>();
        List<CurvePoint> curve = new ArrayList<>();
        // the last round's model and its evaluation: the stage that ends with it is not evaluated twice
        Evaluated[] lastRound = {null};
        List<ComputationGraph> trained = new ArrayList<>();
        ComputationGraph result;
        Configuration hadoopConf;
        SparkRun where;
        String fingerprint;
        Interrupts.checkNotStopped();
        try (JavaSparkContext sc = SparkContexts.start(sparkConf)) {
            Interrupts.running(sc);
            out.println("splitfuse: Spark " + sc.version() + " master " + sc.master() + "; plan "
                    + config.plan().kind().id() + " over " + data.shardCount() + " shards of " + local.train().size()
                    + " training examples");
            Traffic traffic = Traffic.attach(sc);
            Traffic.Snapshot[] before = {traffic.snapshot()};
            SparkRuntime runtime = new SparkRuntime(sc, config, data, traffic, out::println);
            result = new PlanRunner(runtime, record -> {
                Interrupts.checkNotStopped();
                Traffic.Snapshot now = traffic.snapshot();
                Evaluated last = lastRound[0];
                boolean endsWithRound = last != null && record.models().size() == 1 && record.models().get(0) == last.model();
                List<ModelEvaluation> evaluations = endsWithRound ? List.of(last.evaluation().named(record.name()))
                        : evaluate(record, local);
                stages.add(new StageReport(record.name(), record.seconds(), now.minus(before[0]), evaluations));
                if (!endsWithRound) {
                    curve.add(new CurvePoint(record.planSeconds(), record.name(), 0,
                            evaluations.stream().mapToDouble(ModelEvaluation::testAccuracy).average().orElseThrow(),
                            Math.round(evaluations.stream().mapToLong(ModelEvaluation::parameters).average().orElseThrow()),
                            record.finalSize()));
                }
                lastRound[0] = null;
                before[0] = now;
                if (record.isTraining()) {
                    trained.addAll(record.models());
                }
            }, !config.report().curve() ? null : round -> {
                // report.curve: the current model after a fine-tune round or sync-dp epoch, off the plan's clock
                Interrupts.checkNotStopped();
                ModelEvaluation e = evaluate(round.stage()
                        + (round.stage().equals(PlanRunner.TRAIN) ? " epoch " : " round ") + round.round(), round.model(), local);
                curve.add(new CurvePoint(round.planSeconds(), round.stage(), round.round(), e.testAccuracy(), e.parameters(),
                        round.finalSize()));
                lastRound[0] = new Evaluated(round.model(), e);
            }, out::println).run(config.planSpec());
            hadoopConf = new Configuration(sc.hadoopConfiguration());
            where = SparkRun.of(sc, runtime.rules().threads());
            fingerprint = runtime.fingerprint();
        } finally {
            Interrupts.running(null);
        }
        Interrupts.checkNotStopped();
        // summed in stage order as the plan's clock sums them (DoubleStream.sum compensates, and its last bits
        // would differ from the curve's stage-end points)
        double planSeconds = 0;
        for (StageReport s : stages) {
            planSeconds += s.seconds();
        }
        ModelEvaluation finalModel = evaluate("final", result, local);
        JobReport report = new JobReport(config, where, data.describe(), stages, curve, finalModel, loadSeconds, planSeconds,
                (System.nanoTime() - start) / 1e9);
        Interrupts.checkNotStopped();
        write(report, result, trained, hadoopConf, data.modelSpec(), fingerprint);
        out.println(SummaryTable.render(report));
        return report;
    }

    /** A model and its evaluation. */
    private record Evaluated(ComputationGraph model, ModelEvaluation evaluation) {
    }

    /** What a stopped run leaves: the checkpoints of the models trained so far. */
    String kept() {
        if (config == null) {
            return "nothing (stopped before any model was trained)";
        }
        JobConfig c = config;
        String base = c.output().checkpoints();
        if (base.isEmpty()) {
            return "nothing (output.checkpoints is off)";
        }
        int models = 0;
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(base);
            org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(SparkContexts.hadoopConf(SparkContexts.conf(c.spark())));
            if (fs.exists(dir)) {
                var files = fs.listFiles(dir, true);
                while (files.hasNext()) {
                    String name = files.next().getPath().getName();
                    if (name.startsWith("train-") && name.endsWith(".zip")) {
                        models++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "the checkpoints under " + base + " (not counted: " + e.getMessage() + ")";
        }
        return "the checkpoints of " + models + " trained model(s) under " + base;
    }

    private List<ModelEvaluation> evaluate(StageRecord record, TrainTest data) {
        List<ModelEvaluation> evaluations = new ArrayList<>();
        for (int i = 0; i < record.models().size(); i++) {
            String name = record.models().size() == 1 ? record.name() : record.name() + "-" + i;
            evaluations.add(evaluate(name, record.models().get(i), data));
        }
        return evaluations;
    }

    private ModelEvaluation evaluate(String name, ComputationGraph net, TrainTest data) {
        // the inference form (BatchNorm folded) gives the same outputs faster; its copy is short-lived native memory
        EvalResult r = Evaluator.evaluate(InferenceForm.of(net), data.test().orderedIterator(config.train().batchSize()));
        NativeMemoryGuard.shared().check();
        long flops = NetworkCost.of(net, data.test().shape()).flops();
        out.printf("splitfuse: %s: %,d parameters, test accuracy %.2f%%%n", name, net.numParams(), 100 * r.accuracy());
        return new ModelEvaluation(name, net.numParams(), flops, r.accuracy(), r.loss());
    }

    /**
     * report.png, or nothing with a warning where it cannot be drawn (a driver without the fonts
     * AWT needs): a picture is not worth the run's results.
     */
    private java.util.Optional<byte[]> picture(JobReport report) {
        try {
            return java.util.Optional.of(RunFigure.png(report));
        } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
            err.println("splitfuse: warning: report.png not drawn (" + e + "); report.json has every figure");
            return java.util.Optional.empty();
        }
    }

    private void write(JobReport report, ComputationGraph result, List<ComputationGraph> trained, Configuration conf,
                       ModelSpec spec, String fingerprint) {
        try (RunOutput output = RunOutput.open(config.output().uri(), config.output().overwrite(), conf)) {
            String plan = config.plan().kind().id();
            try (OutputStream os = output.create("model.zip")) {
                os.write(ModelIO.toBytes(result, ModelProvenance.of(spec, "final model of a " + plan + " run", fingerprint),
                        false));
            }
            for (int i = 0; i < trained.size(); i++) {
                output.write("trained/model-" + i + ".zip", ModelIO.toBytes(trained.get(i),
                        ModelProvenance.of(spec, "trained model " + i + " of a " + plan + " run", fingerprint), false));
            }
            output.writeText("report.json", report.toJson());
            // the run's stages as a picture, committed with report.json (the staging directory's rename)
            picture(report).ifPresent(png -> {
                try {
                    output.write("report.png", png);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (config.debug().failBeforeCommit()) {
                // not an IOException: a failure of the run itself, which closing the output cleans up
                throw new IllegalStateException("injected failure before the commit of " + output.target()
                        + " (debug.fail-before-commit)");
            }
            output.commit();
            out.println("splitfuse: wrote " + output.target());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing the output to " + config.output().uri() + " failed", e);
        }
    }
}
