package org.splitfuse.bench.ot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splitfuse.core.config.EnumNames;

/** Command-line options of {@link OtBench}. */
record BenchOptions(int repeats, long warmUpMillis, List<int[]> sizes, List<BenchProblem.CostKind> costs,
                    List<BenchProblem.Marginals> marginals, List<Path> problems, int coldRuns, Path out, boolean pot,
                    List<String> pythons, Path potScript, long seed, boolean help) {

    static final String DEFAULT_SIZES = "128x64,512x256,1024x512,2048x1024,1024x2048";
    static final String DEFAULT_COSTS = "random,euclid-d2,euclid-d8,euclid-d64,euclid-d512";
    static final Path POT_SCRIPT = Path.of("benchmarks", "src", "main", "python", "pot_emd.py");

    static BenchOptions parse(String[] args) {
        int repeats = 7;
        long warmUpMillis = 1000;
        List<int[]> sizes = parseSizes(DEFAULT_SIZES);
        List<BenchProblem.CostKind> costs = parseCosts(DEFAULT_COSTS);
        List<BenchProblem.Marginals> marginals = List.of(BenchProblem.Marginals.values());
        List<Path> problems = List.of();
        int coldRuns = 3;
        Path out = Path.of("docs", "results", "ot-bench.csv");
        boolean pot = true;
        // Debian's python3-pot installs POT 0.8.2 for /usr/bin/python3, which another python3 on PATH may hide
        List<String> pythons = List.of("/usr/bin/python3", "python3");
        Path potScript = findUpwards(POT_SCRIPT);
        long seed = 2024;
        boolean help = false;
        for (int k = 0; k < args.length; k++) {
            String arg = args[k];
            switch (arg) {
                case "--repeats" -> repeats = atLeast(value(args, ++k, arg), arg, 1);
                case "--warm-up-ms" -> warmUpMillis = atLeast(value(args, ++k, arg), arg, 0);
                case "--sizes" -> sizes = parseSizes(value(args, ++k, arg));
                case "--costs" -> costs = parseCosts(value(args, ++k, arg));
                case "--marginals" -> marginals = parseMarginals(value(args, ++k, arg));
                case "--problems" -> problems = parsePaths(value(args, ++k, arg));
                case "--cold-runs" -> coldRuns = atLeast(value(args, ++k, arg), arg, 0);
                case "--out" -> out = Path.of(value(args, ++k, arg));
                case "--no-pot" -> pot = false;
                case "--python" -> pythons = List.of(value(args, ++k, arg));
                case "--pot-script" -> potScript = Path.of(value(args, ++k, arg));
                case "--seed" -> seed = parseLong(value(args, ++k, arg), arg);
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new BenchOptions(repeats, warmUpMillis, sizes, costs, marginals, problems, coldRuns, out, pot, pythons,
                potScript, seed, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int atLeast(String text, String option, int minimum) {
        long value = parseLong(text, option);
        if (value < minimum || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be an integer of at least " + minimum + ", got " + text);
        }
        return (int) value;
    }

    private static long parseLong(String text, String option) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer, got '" + text + "'");
        }
    }

    private static List<int[]> parseSizes(String text) {
        List<int[]> sizes = new ArrayList<>();
        for (String size : text.split(",")) {
            String[] parts = size.trim().split("x");
            if (parts.length != 2) {
                throw new IllegalArgumentException("size " + size + " is not NxM");
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
