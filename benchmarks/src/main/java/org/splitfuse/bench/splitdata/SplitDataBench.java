package org.splitfuse.bench.splitdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.splitfuse.bench.AtomicFiles;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.bench.KeptRows;
import org.splitfuse.spark.SplitFuseJob;
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

    /** One stage of one run, for the breakdown table. */
    record Stage(String method, String stage, double seconds, long bytesMoved, double accuracy) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%.1f,%d,%.4f", method, stage, seconds, bytesMoved, accuracy);
        }
    }

    static void run(SplitDataSettings s) throws IOException {
        // rows of methods not in this run, from an earlier run's CSVs: methods can be run one at a time
        List<SplitDataResult> results = new ArrayList<>(KeptRows.of(s.outputDir().resolve(CSV),
                KeptRows.firstFieldNotIn(s.methods()), f -> SplitDataResult.parse(String.join(",", f))));
        List<Stage> stages = new ArrayList<>(KeptRows.of(s.outputDir().resolve(STAGES_CSV), KeptRows.firstFieldNotIn(s.methods()),
                f -> new Stage(f[0], f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]))));
        List<String> memory = new ArrayList<>();
        // every run's configuration and the outputs checked before the first run starts
        for (String method : s.methods()) {
            asBench(method, () -> SplitFuseJob.check(jobArgs(s, method)));
        }
        AtomicFiles.probe(s.outputDir().resolve(CSV));
        String caption = "";
        for (String method : s.methods()) {
            Path out = s.runDir().resolve(method);
            String[] args = jobArgs(s, method);
            System.out.println("[split-data] " + method + ": bin/splitfuse run " + String.join(" ", args));
            asBench(method, () -> SplitFuseJob.execute(args, System.out, System.err));
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            caption = caption(report.path("config"));
            results.removeIf(r -> r.method().equals(method));
            results.add(new SplitDataResult(method, report.at("/final_model/test_accuracy").asDouble(),
                    report.at("/final_model/parameters").asLong(), report.get("train_seconds").asDouble(),
                    report.get("plan_seconds").asDouble(), report.get("bytes_moved").asLong()));
            for (JsonNode st : report.get("stages")) {
                double accuracy = 0;
                for (JsonNode m : st.get("models")) {
                    accuracy += m.get("test_accuracy").asDouble() / st.get("models").size();
                }
                stages.add(new Stage(method, st.get("name").asText(), st.get("seconds").asDouble(),
                        st.at("/bytes_moved/total").asLong(), accuracy));
            }
            memory.add(method + ": " + ResidentMemory.describe());
            write(s, results, stages);
        }
        SplitDataReport.write(s.outputDir(), results, stages, memory, caption);
        System.out.println("[split-data] wrote " + s.outputDir().resolve(CSV) + ", " + STAGES_CSV + ", split-data.md and plot");
    }

    private static String[] jobArgs(SplitDataSettings s, String method) {
        List<String> args = new ArrayList<>();
        args.add(s.configs().get(method).toString());
        args.addAll(s.jobOverrides());
        if (!s.reuseCheckpoints()) {
            args.add("output.checkpoints=\"\"");
        }
        args.add("output.uri=\"" + s.runDir().resolve(method) + "\"");
        args.add("output.overwrite=true");
        return args.toArray(new String[0]);
    }

    /** A step of one method's job. */
    @FunctionalInterface
    private interface JobStep {
        void run() throws Exception;
    }

    /** Runs a step of a method's job; its bad input becomes this verb's, named by the method and its config. */
    private static void asBench(String method, JobStep step) throws IOException {
        try {
            step.run();
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

    private static void write(SplitDataSettings s, List<SplitDataResult> results, List<Stage> stages) throws IOException {
        List<String> lines = new ArrayList<>(List.of(SplitDataResult.HEADER));
        results.forEach(r -> lines.add(r.csv()));
        AtomicFiles.writeLines(s.outputDir().resolve(CSV), lines);
        List<String> stageLines = new ArrayList<>(List.of("method,stage,seconds,bytes_moved,accuracy"));
        stages.forEach(st -> stageLines.add(st.csv()));
        AtomicFiles.writeLines(s.outputDir().resolve(STAGES_CSV), stageLines);
    }

}
