package org.splitfuse.bench.splitdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.InputError;
import org.splitfuse.core.plan.PlanKind;
import org.splitfuse.core.UserError;
import org.splitfuse.bench.KeptRows;
import org.splitfuse.spark.SplitFuseJob;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.charts.RunPlot;

/**
 * {@code bin/splitfuse split-data-bench}: the Split-Data comparison (SPEC section 5). Runs the
 * Spark job once per plan on its config (the configs differ only in the plan), reads each run's
 * report.json, and writes split-data.csv (method,accuracy,params,train_s,total_s,bytes_moved),
 * split-data-stages.csv (every stage), split-data.md and split-data.png.
 */
public final class SplitDataBench {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse split-data-bench [CONFIG] [key=value ...]",
            "  keys of split-data-reference.conf, e.g. methods=[paf, whole-data]",
            "  job-overrides=[\"data.train-limit=6000\",\"train.epochs=1\"] for a smoke run",
            "Runs each plan's Spark job from scratch (no checkpoint reuse unless reuse-checkpoints=true);",
            "writes split-data.csv, split-data-stages.csv, split-data.md and split-data.png to output-dir.");

    static final String CSV = "split-data.csv";
    static final String STAGES_CSV = "split-data-stages.csv";

    private SplitDataBench() {
    }

    public static void main(String[] argv) {
        int exit = command(argv, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The verb as run from the command line, without the exit: its exit code, an error printed to {@code err}. */
    static int command(String[] argv, PrintStream err) {
        return ConfigVerb.run(argv, "split-data-bench", USAGE, "split-data-reference.conf", "split-data",
                config -> run(SplitDataSettings.from(config)), err);
    }

    /** One stage of one run, for the breakdown table; wireBytes: counted on the emulated network (0 on loopback). */
    record Stage(String method, String stage, double seconds, long bytesMoved, double accuracy, String network, int k,
                 double width, long wireBytes) {
        static final String HEADER = "method,stage,seconds,bytes_moved,accuracy,network,k,width,wire_bytes";

        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%.1f,%d,%.4f,%s,%d,%s,%d", method, stage, seconds, bytesMoved, accuracy,
                    network, k, SplitDataResult.width(width), wireBytes);
        }

        String key() {
            return SplitDataResult.key(method, network, k, width);
        }

        static Stage parse(String[] f) {
            return new Stage(f[0], f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]), f[5],
                    Integer.parseInt(f[6]), Double.parseDouble(f[7]), Long.parseLong(f[8]));
        }
    }

    static void run(SplitDataSettings s) throws IOException {
        // rows of earlier runs (other methods, networks, K or widths): a comparison can be run a part at a time
        List<SplitDataResult> results = new ArrayList<>(KeptRows.of(s.outputDir().resolve(CSV), f -> true,
                SplitDataResult::parse));
        List<Stage> stages = new ArrayList<>(KeptRows.of(s.outputDir().resolve(STAGES_CSV), f -> true, Stage::parse));
        List<AccuracyCurves.Point> curves = new ArrayList<>(KeptRows.of(s.outputDir().resolve(AccuracyCurves.CSV), f -> true,
                AccuracyCurves.Point::parse));
        List<String> memory = new ArrayList<>();
        // every run's configuration and the outputs checked before the first run starts
        Map<String, JobConfig> configs = new LinkedHashMap<>();
        for (String method : s.methods()) {
            configs.put(method, asBench(method, () -> SplitFuseJob.check(jobArgs(s, method))));
        }
        AtomicFiles.probe(s.outputDir().resolve(CSV));
        EmulatedCluster.Network net = s.network();
        String caption = "";
        String shownCase = null;
        // run by run, every method in each: a change in the machine's load falls on all methods alike
        for (int run = 1; run <= s.repeats(); run++) {
            for (String method : s.methods()) {
                runOnce(s, method, run, configs.get(method), s.runDir(method, run), memory);
            }
        }
        for (String method : s.methods()) {
            int k = configs.get(method).split().shards();
            List<Path> runs = new ArrayList<>();
            List<Double> runSeconds = new ArrayList<>();
            for (int run = 1; run <= s.repeats(); run++) {
                Path out = s.runDir(method, run);
                runs.add(out);
                runSeconds.add(new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("plan_seconds").asDouble());
            }
            // the row, its stages and its curve are one run's: the one at the median time to the final model
            Path out = runs.get(medianIndex(runSeconds));
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            caption = caption(report.path("config"));
            double width = report.at("/config/model/width").asDouble();
            Map<String, Long> wire = net.emulated() ? EmulatedCluster.perStage(out) : Map.of();
            SplitDataResult result = new SplitDataResult(method, report.at("/final_model/test_accuracy").asDouble(),
                    report.at("/final_model/parameters").asLong(), report.get("train_seconds").asDouble(),
                    report.get("plan_seconds").asDouble(), report.get("bytes_moved").asLong(), net.label(), k, width,
                    wire.getOrDefault("total", 0L), runSeconds);
            shownCase = net.label() + "|" + k + "|" + SplitDataResult.width(width);
            results.removeIf(r -> r.key().equals(result.key()));
            results.add(result);
            stages.removeIf(st -> st.key().equals(result.key()));
            for (JsonNode st : report.get("stages")) {
                double accuracy = 0;
                for (JsonNode m : st.get("models")) {
                    accuracy += m.get("test_accuracy").asDouble() / st.get("models").size();
                }
                String name = st.get("name").asText();
                stages.add(new Stage(method, name, st.get("seconds").asDouble(), st.at("/bytes_moved/total").asLong(), accuracy,
                        net.label(), k, width, wire.getOrDefault(name, 0L)));
            }
            curves.removeIf(p -> p.key().equals(result.key()));
            curves.addAll(AccuracyCurves.of(report, method, net.label(), k, width));
            write(s, results, stages, curves);
        }
        SplitDataReport.write(s.outputDir(), results, stages, curves, memory, caption, shownCase);
        System.out.println("[split-data] wrote " + s.outputDir().resolve(CSV) + ", " + STAGES_CSV + ", split-data.md and plot");
    }

    /** Run {@code run} of {@code method} into {@code out}: on the emulated network, in this JVM, or a finished one reused. */
    private static void runOnce(SplitDataSettings s, String method, int run, JobConfig job, Path out, List<String> memory)
            throws IOException {
        EmulatedCluster.Network net = s.network();
        String name = s.repeats() == 1 ? method : method + " (run " + run + " of " + s.repeats() + ")";
        String[] args = jobArgs(s, method, out);
        if (s.reuseRuns() && finished(out, net)) {
            System.out.println("[split-data] " + name + ": reusing the finished run in " + out);
        } else if (net.emulated()) {
            // whole-data trains on one Worker, of the same size as each of the K
            int k = job.split().shards();
            int workers = job.plan().kind() == PlanKind.WHOLE_DATA ? 1 : k;
            double cpus = net.cpusPerWorker(k);
            System.out.printf(Locale.ROOT, "[split-data] %s on the emulated network (%s links, %d Worker(s) of %.2f CPUs): %s%n",
                    name, net.rate(), workers, cpus, String.join(" ", args));
            asBench(method, () -> {
                EmulatedCluster.run(net, workers, cpus, out, List.of(args));
                return null;
            });
        } else {
            System.out.println("[split-data] " + name + ": bin/splitfuse run " + String.join(" ", args));
            asBench(method, () -> {
                SplitFuseJob.execute(args, System.out, System.err);
                return null;
            });
            memory.add(name + ": " + ResidentMemory.describe());
        }
    }

    /** The index of the median of {@code values} (of an even count, the lower of the middle two). */
    static int medianIndex(List<Double> values) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingDouble(values::get));
        return order.get((values.size() - 1) / 2);
    }

    /** A run that finished: its report.json and, on the emulated network, the bytes counted on the wire. */
    private static boolean finished(Path out, EmulatedCluster.Network net) {
        return Files.isRegularFile(out.resolve("report.json"))
                && (!net.emulated() || Files.isRegularFile(out.resolve(EmulatedCluster.WIRE_CSV)));
    }

    private static String[] jobArgs(SplitDataSettings s, String method) {
        return jobArgs(s, method, s.runDir(method, 1));
    }

    private static String[] jobArgs(SplitDataSettings s, String method, Path out) {
        List<String> args = new ArrayList<>();
        args.add(s.configs().get(method).toString());
        args.addAll(s.jobOverrides());
        if (!s.reuseCheckpoints()) {
            args.add("output.checkpoints=\"\"");
        }
        args.add("output.uri=\"" + out.toAbsolutePath() + "\"");
        args.add("output.overwrite=true");
        return args.toArray(new String[0]);
    }

    /** A step of one method's job. */
    @FunctionalInterface
    private interface JobStep<T> {
        T run() throws Exception;
    }

    /** Runs a step of a method's job; its bad input becomes this verb's, named by the method and its config. */
    private static <T> T asBench(String method, JobStep<T> step) throws IOException {
        try {
            return step.run();
        } catch (IOException | RuntimeException e) {
            UserError user = UserError.find(e);
            if (user != null) {
                throw new InputError("the " + method + " run (configs." + method + "): " + UserError.message(user), e);
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the " + method + " run failed", e);
        }
    }

    /** The plot's caption from a run's effective config: what every plan of the comparison shares. */
    static String caption(JsonNode c) {
        return RunPlot.describe(c.at("/model/family").asText(), c.at("/model/width").asDouble(), c.at("/data/name").asText(),
                c.at("/split/shards").asInt(), c.at("/split/kind").asText()) + String.format(Locale.ROOT,
                ", %d training epochs per model, prune.sparsity %s (%s), fine-tune rounds after pruning %d and after "
                        + "fusion %d.", c.at("/train/epochs").asInt(), c.at("/prune/sparsity").asText(),
                c.at("/prune/method").asText(), c.at("/tune/after-prune/rounds").asInt(),
                c.at("/tune/after-fusion/rounds").asInt());
    }

    private static void write(SplitDataSettings s, List<SplitDataResult> results, List<Stage> stages,
                              List<AccuracyCurves.Point> curves) throws IOException {
        List<String> curveLines = new ArrayList<>(List.of(AccuracyCurves.HEADER));
        curves.forEach(p -> curveLines.add(p.csv()));
        AtomicFiles.writeLines(s.outputDir().resolve(AccuracyCurves.CSV), curveLines);
        List<String> lines = new ArrayList<>(List.of(SplitDataResult.HEADER));
        results.forEach(r -> lines.add(r.csv()));
        AtomicFiles.writeLines(s.outputDir().resolve(CSV), lines);
        List<String> stageLines = new ArrayList<>(List.of(Stage.HEADER));
        stages.forEach(st -> stageLines.add(st.csv()));
        AtomicFiles.writeLines(s.outputDir().resolve(STAGES_CSV), stageLines);
    }

}
