package org.splitfuse.bench.ot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.core.InputError;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.config.EnumNames;

/** Command-line options of {@link OtBench}. */
record BenchOptions(int repeats, long warmUpMillis, List<int[]> sizes, List<BenchProblem.CostKind> costs,
                    List<BenchProblem.Marginals> marginals, List<Path> problems, List<Path> dumps, int coldRuns, Path out,
                    boolean pot, List<String> pythons, Path potScript, long seed, boolean help,
                    RealProblemDumps.Plan makeDumps) {

    static final String DEFAULT_SIZES = "128x64,512x256,1024x512,2048x1024,1024x2048";
    static final String DEFAULT_COSTS = "random,euclid-d2,euclid-d8,euclid-d64,euclid-d512";
    static final Path DEFAULT_OUT = Path.of("out", "ot-bench", "ot-bench.csv");
    static final Path DEFAULT_MODELS = Path.of("out", "ot-models");
    static final String DEFAULT_TRAIN_EXAMPLES = "2560,3840";
    static final Path POT_SCRIPT = Path.of("benchmarks", "src", "main", "python", "pot_emd.py");

    /** Reads ot-bench's command line ({@link BenchArgs}, the benchmarks' one parser); bad input is an InputError. */
    static BenchOptions parse(String[] argv) {
        BenchArgs args = BenchArgs.read(argv);
        int repeats = args.integerAtLeast("repeats", 7, 1);
        long warmUpMillis = args.integerAtLeast("warm-up-ms", 1000, 0);
        List<int[]> sizes = parseSizes(args.string("sizes", DEFAULT_SIZES));
        List<BenchProblem.CostKind> costs = parseCosts(args.string("costs", DEFAULT_COSTS));
        String marginalsText = args.string("marginals", null);
        List<BenchProblem.Marginals> marginals = marginalsText == null ? List.of(BenchProblem.Marginals.values())
                : parseMarginals(marginalsText);
        List<Path> problems = parsePaths(args.string("problems", ""));
        List<Path> dumps = parsePaths(args.string("dumps", ""));
        int coldRuns = args.integerAtLeast("cold-runs", 3, 0);
        Path out = Path.of(args.string("out", DEFAULT_OUT.toString()));
        boolean pot = !args.flag("no-pot");
        String python = args.string("python", null);
        // Debian's python3-pot installs POT 0.8.2 for /usr/bin/python3, which another python3 on PATH may hide
        List<String> pythons = python == null ? List.of("/usr/bin/python3", "python3") : List.of(python);
        String potScript = args.string("pot-script", null);
        long seed = args.longInteger("seed", 2024);
        RealProblemDumps.Plan makeDumps = null;
        if (args.has("make-dumps")) {
            int[] examples = parseCounts(args.string("train-examples", DEFAULT_TRAIN_EXAMPLES), "--train-examples");
            makeDumps = new RealProblemDumps.Plan(Path.of(args.string("make-dumps", null)),
                    Path.of(args.string("models", DEFAULT_MODELS.toString())), examples[0], examples[1],
                    parseFamilies(args.string("families", "vgg11-bn,resnet18")),
                    parseWidths(args.string("widths", "0.25,1")));
        }
        args.rejectUnused();
        return new BenchOptions(repeats, warmUpMillis, sizes, costs, marginals, problems, dumps, coldRuns, out, pot, pythons,
                potScript == null ? findUpwards(POT_SCRIPT) : Path.of(potScript), seed, args.help(), makeDumps);
    }

    private static int[] parseCounts(String text, String option) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new InputError(option + " expects two counts, for width 1/4 and width 1 (e.g. 2560,3840), got '" + text + "'");
        }
        int[] counts = new int[2];
        for (int k = 0; k < 2; k++) {
            counts[k] = atLeast(parts[k], option, 128);
        }
        return counts;
    }

    private static List<ModelFamily> parseFamilies(String text) {
        List<ModelFamily> families = new ArrayList<>();
        for (String name : text.split(",")) {
            ModelFamily family;
            try {
                family = ModelFamily.parse(name);
            } catch (IllegalArgumentException e) {
                throw new InputError("--families: " + e.getMessage());
            }
            if (family != ModelFamily.VGG11_BN && family != ModelFamily.RESNET18) {
                throw new InputError("--families: " + name + " is not one of vgg11-bn, resnet18");
            }
            families.add(family);
        }
        return families;
    }

    private static List<Double> parseWidths(String text) {
        List<Double> widths = new ArrayList<>();
        for (String w : text.split(",")) {
            double width;
            try {
                width = Double.parseDouble(w.trim());
            } catch (NumberFormatException e) {
                throw new InputError("--widths expects numbers such as 0.25,1, got '" + w + "'");
            }
            if (!(width > 0 && width <= 1)) {
                throw new InputError("--widths: " + w + " is not in (0, 1]");
            }
            widths.add(width);
        }
        return widths;
    }

    private static int atLeast(String text, String option, int minimum) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InputError(option + " expects an integer, got '" + text + "'");
        }
        if (value < minimum || value > Integer.MAX_VALUE) {
            throw new InputError(option + " must be an integer of at least " + minimum + ", got " + text);
        }
        return (int) value;
    }

    private static List<int[]> parseSizes(String text) {
        List<int[]> sizes = new ArrayList<>();
        for (String size : text.split(",")) {
            String[] parts = size.trim().split("x");
            if (parts.length != 2) {
                throw new InputError("size " + size + " is not NxM");
            }
            sizes.add(new int[] {atLeast(parts[0], "n in --sizes", 1), atLeast(parts[1], "m in --sizes", 1)});
        }
        return sizes;
    }

    private static List<BenchProblem.CostKind> parseCosts(String text) {
        List<BenchProblem.CostKind> kinds = new ArrayList<>();
        for (String kind : text.split(",")) {
            kinds.add(BenchProblem.CostKind.parse(kind));
        }
        return kinds;
    }

    private static List<BenchProblem.Marginals> parseMarginals(String text) {
        List<BenchProblem.Marginals> kinds = new ArrayList<>();
        for (String kind : text.split(",")) {
            kinds.add(EnumNames.parse(BenchProblem.Marginals.class, "marginals", kind));
        }
        return kinds;
    }

    private static List<Path> parsePaths(String text) {
        List<Path> paths = new ArrayList<>();
        for (String path : text.split(",")) {
            if (!path.isBlank()) {
                paths.add(Path.of(path.trim()));
            }
        }
        return paths;
    }

    /** The relative path from the working directory or the nearest parent that has it. */
    private static Path findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return relative;
    }
}
