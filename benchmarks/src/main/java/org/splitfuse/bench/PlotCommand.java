package org.splitfuse.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.splitfuse.bench.datafree.DataFreePlot;
import org.splitfuse.bench.fusion.FusionPlot;
import org.splitfuse.bench.scaling.ScalingPlot;
import org.splitfuse.bench.splitdata.SplitDataPlot;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.spark.charts.SweepPlots;
import org.splitfuse.spark.charts.TrainBenchPlot;

/**
 * {@code bin/splitfuse plot KIND CSV... --out PNG [--caption TEXT] [--model ID]}: draws a
 * benchmark's or a sweep's plot from its committed CSVs, with the code the benchmark itself uses,
 * without running anything again.
 */
public final class PlotCommand {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse plot KIND CSV... --out PNG [--caption TEXT] [--model ID]",
            "  split-data  split-data.csv [split-data-stages.csv [split-data-repeat.csv]]",
            "  fusion      fusion.csv [fusion-no-repair.csv]",
            "  data-free   data-free.csv [data-free-base.csv] --model vgg11-bn|resnet18|...",
            "  train-bench train-bench.csv (model,width,engine,phase,examples_per_s,rss_mb)",
            "  split-data-scaling split-data-scaling.csv (the projection: model,width,k,gbit,...,paf_over_best_sync)",
            "  sweep       sweep.csv (cell,status,<swept keys>,seed,accuracy,...): --out names the PNG's folder",
            "  --caption   the data set, model and K the numbers come from (shown under the title)",
            "Writes the PNG atomically (a reader never sees half a file).");

    private PlotCommand() {
    }

    public static void main(String[] argv) {
        if (argv.length == 0 || Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        try {
            System.out.println("[plot] wrote " + run(argv));
        } catch (Exception e) {
            System.exit(UserError.report("splitfuse plot", e, System.err));
        }
    }

    static Path run(String[] argv) throws java.io.IOException {
        String kind = argv[0];
        List<Path> csvs = new ArrayList<>();
        Path out = null;
        String caption = "";
        String model = null;
        for (int i = 1; i < argv.length; i++) {
            switch (argv[i]) {
                case "--out" -> out = Path.of(value(argv, ++i, "--out"));
                case "--caption" -> caption = value(argv, ++i, "--caption");
                case "--model" -> model = value(argv, ++i, "--model");
                default -> {
                    if (argv[i].startsWith("--")) {
                        throw new InputError("unknown option " + argv[i] + " (see bin/splitfuse plot --help)");
                    }
                    csvs.add(Path.of(argv[i]));
                }
            }
        }
        if (csvs.isEmpty()) {
            throw new InputError("no CSV given for plot " + kind);
        }
        if (out == null) {
            throw new InputError("--out is required (the PNG to write)");
        }
        return switch (kind) {
            case "split-data" -> SplitDataPlot.write(csvs.get(0), optional(csvs, 1), optional(csvs, 2), caption, out);
            case "fusion" -> FusionPlot.write(csvs.get(0), optional(csvs, 1), caption, out);
            case "data-free" -> {
                if (model == null) {
                    throw new InputError("plot data-free needs --model (one PNG per model)");
                }
                yield DataFreePlot.write(csvs.get(0), optional(csvs, 1), model, caption, out);
            }
            case "train-bench" -> TrainBenchPlot.write(csvs.get(0), out, caption);
            case "split-data-scaling" -> ScalingPlot.write(csvs.get(0), caption, out);
            case "sweep" -> SweepPlots.write(csvs.get(0), out, caption);
            default -> throw new InputError("unknown plot kind '" + kind
                    + "'; known: split-data, fusion, data-free, train-bench, split-data-scaling, sweep");
        };
    }

    private static String value(String[] argv, int i, String option) {
        if (i >= argv.length) {
            throw new InputError(option + " needs a value");
        }
        return argv[i];
    }

    private static Path optional(List<Path> csvs, int i) {
        return csvs.size() > i ? csvs.get(i) : null;
    }
}
