package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.ot.TransportInputs;
import org.splitfuse.core.ot.TransportPlan;
import org.splitfuse.core.ot.TransportSolver;

/**
 * {@code bin/splitfuse ot-bench}: times the exact transport solver on dense costs (uniform
 * random, euclidean between random points in R^d, or read from files) and, when POT is
 * installed, POT's ot.emd on the same matrices, back to back per problem. Each side solves
 * each problem untimed first (Java: for {@code --warm-up-ms}, 1 s by default, and at least
 * three times, so that the JIT has settled; POT: once). Prints the median wall-clock
 * milliseconds, the pivots, their ratio (Java / POT), the relative difference of the
 * objectives and the first call in fresh JVMs ({@link ColdCall}), and writes them to a CSV
 * file and a markdown table next to it.
 */
public final class OtBench {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse ot-bench [--repeats N] [--warm-up-ms MS] [--sizes 512x256,2048x1024,...]",
            "           [--costs random,euclid-d2,euclid-d8,euclid-d64,euclid-d512] [--marginals uniform,importance]",
            "           [--problems FILE_OR_DIR,...] [--dumps DIR,...] [--cold-runs N] [--out FILE] [--no-pot]",
            "           [--python PATH] [--pot-script PATH] [--seed S]",
            "       bin/splitfuse ot-bench --make-dumps DIR [--models DIR] [--train-examples 2560,3840]",
            "           [--families vgg11-bn,resnet18] [--widths 0.25,1]",
            "  --out        CSV to write, a markdown table next to it (default " + BenchOptions.DEFAULT_OUT
                    + "; the committed run: --out docs/results/ot-bench.csv)",
            "  --problems   .bin problem files (masses and costs, as written with -Dsplitfuse.ot.dump=DIR) or .npy",
            "               float64/float32 cost matrices (solved with each of --marginals) instead of generated ones",
            "  --dumps      directories of problems written by --make-dumps, cost kind = file name (may be combined",
            "               with the generated classes: --sizes/--costs still apply unless --problems is given)",
            "  --make-dumps trains two models per family and width on Fashion-MNIST (one epoch on --train-examples",
            "               examples each, for width 1/4 and width 1; checkpoints in --models, default "
                    + BenchOptions.DEFAULT_MODELS + ", reused),",
            "               and writes the problems of Intra-Fusion (50%) and fusion alignment (weight, activation)",
            "               on their largest groups to DIR (docs/ot.md); then stops",
            "POT (the paper's ot.emd, 0.8.2) is used when a python3 can import it: " + PotEmd.INSTALL_HINT);

    static final double OBJECTIVE_TOLERANCE = 1e-9;
    private static final int MIN_WARM_UP_RUNS = 3;

    record Row(BenchProblem problem, double javaMs, double javaObjective, int pivots, double coldMs,
               PotEmd.Result pot) {

        double ratio() {
            return pot == null ? Double.NaN : javaMs / pot.medianMs();
        }

        double objectiveRelativeDifference() {
            return pot == null ? Double.NaN
                    : Math.abs(javaObjective - pot.objective()) / Math.max(Math.abs(pot.objective()), Double.MIN_NORMAL);
        }
    }

    private OtBench() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Exception e) {
            code = UserError.report("splitfuse ot-bench", e, System.err);
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The verb without the exit: bad input is a {@link UserError}, anything else a bug (tests call this). */
    static int run(String[] args) throws IOException, InterruptedException {
        BenchOptions options = BenchOptions.parse(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        if (options.makeDumps() != null) {
            RealProblemDumps.make(options.makeDumps());
            return 0;
        }
        List<Path> files = problemFiles(options.problems());
        List<Path> dumps = problemFiles(options.dumps());
        Optional<PotEmd> pot = options.pot() ? PotEmd.find(options.pythons(), options.potScript()) : Optional.empty();
        pot.ifPresent(p -> System.out.println("POT " + p.version + " via " + p.python()));
        BenchReport.Machine machine = BenchReport.Machine.now(pot.map(p -> p.version).orElse(null));
        System.out.printf(Locale.ROOT, "Java %s, %d timed runs per problem after %d ms of warm-up, median wall-clock ms; "
                        + "%d cold runs in fresh JVMs; load average %s%n",
                machine.javaVersion(), options.repeats(), options.warmUpMillis(), options.coldRuns(), machine.loadAtStart());

        TransportSolver solver = TransportSolver.exact();
        List<Row> rows = new ArrayList<>();
        Path scratch = Files.createTempDirectory("ot-bench");
        try {
            if (files.isEmpty()) {
                for (int[] size : options.sizes()) {
                    for (BenchProblem.CostKind costs : options.costs()) {
                        for (BenchProblem.Marginals marginals : options.marginals()) {
                            BenchProblem problem = BenchProblem.generate(size[0], size[1], costs, marginals,
                                    options.seed() + 1_000_003L * size[0] + size[1]);
                            rows.add(measureAndPrint(solver, problem, options, pot, scratch));
                        }
                    }
                }
            } else {
                for (Path file : files) {
                    for (BenchProblem problem : load(file, options)) {
                        rows.add(measureAndPrint(solver, problem, options, pot, scratch));
                    }
                }
            }
            for (Path file : dumps) {
                if (!file.getFileName().toString().endsWith(".bin")) {
                    throw new InputError(file + ": --dumps reads .bin problem files (ot-bench --make-dumps)");
                }
                rows.add(measureAndPrint(solver, problemFile(file, BenchProblem::readDump), options, pot, scratch));
            }
        } finally {
            deleteRecursively(scratch);
        }
        machine = machine.finished();
        System.out.println();
        System.out.print(table(rows));
        BenchCsv.write(options.out(), rows);
        Path markdown = BenchReport.markdownPath(options.out());
        BenchReport.write(markdown, rows, options, machine);
        System.out.println("load average at the end " + machine.loadAtEnd());
        System.out.println("wrote " + options.out() + " and " + markdown);
        return 0;
    }

    private interface ProblemReader {
        BenchProblem read(Path file) throws IOException;
    }

    /** A problem file read and checked: what is wrong with it is the user's input, named with the file. */
    private static BenchProblem problemFile(Path file, ProblemReader reader) {
        BenchProblem problem;
        try {
            problem = reader.read(file);
        } catch (IOException e) {
            throw new InputError(e.getMessage(), e);
        }
        try {
            TransportInputs.validate(problem.source(), problem.target(), problem.cost());
        } catch (IllegalArgumentException e) {
            throw new InputError(file + ": " + e.getMessage(), e);
        }
        return problem;
    }

    /** The files named, with each directory replaced by its .bin and .npy files in name order. */
    static List<Path> problemFiles(List<Path> named) throws IOException {
        if (named.isEmpty()) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (Path path : named) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    List<Path> found = listing.filter(p -> isProblemFile(p) && Files.isRegularFile(p)).sorted().toList();
                    if (found.isEmpty()) {
                        throw new InputError(path + ": no .bin or .npy files in this directory");
                    }
                    files.addAll(found);
                }
            } else if (!Files.isRegularFile(path)) {
                throw new InputError(path + ": no such file or directory");
            } else if (!isProblemFile(path)) {
                throw new InputError(path + ": expected a .bin problem file or a .npy cost matrix");
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static boolean isProblemFile(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".bin") || name.endsWith(".npy");
    }

    private static List<BenchProblem> load(Path file, BenchOptions options) {
        if (file.getFileName().toString().endsWith(".bin")) {
            return List.of(problemFile(file, BenchProblem::read));
        }
        List<BenchProblem> problems = new ArrayList<>();
        for (BenchProblem.Marginals marginals : options.marginals()) {
            problems.add(problemFile(file, f -> BenchProblem.fromCostMatrix(f, marginals, options.seed())));
        }
        return problems;
    }

    private static Row measureAndPrint(TransportSolver solver, BenchProblem problem, BenchOptions options,
                                       Optional<PotEmd> pot, Path scratch) throws IOException, InterruptedException {
        Row row = measure(solver, problem, options, pot, scratch);
        System.out.println(describe(row));
        return row;
    }

    private static Row measure(TransportSolver solver, BenchProblem problem, BenchOptions options,
                               Optional<PotEmd> pot, Path scratch) throws IOException, InterruptedException {
        int repeats = options.repeats();
        double[] millis = new double[repeats];
        // untimed runs on this very problem until the JIT has settled on its code paths
        TransportPlan plan = null;
        long warmUpEnd = System.nanoTime() + 1_000_000L * options.warmUpMillis();
        for (int k = 0; k < MIN_WARM_UP_RUNS || System.nanoTime() < warmUpEnd; k++) {
            plan = solver.solve(problem.source(), problem.target(), problem.cost());
        }
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            plan = solver.solve(problem.source(), problem.target(), problem.cost());
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        double coldMs = Double.NaN;
        PotEmd.Result potResult = null;
        if (options.coldRuns() > 0 || pot.isPresent()) {
            Path file = scratch.resolve("problem.bin");
            problem.writeTo(file);
            if (options.coldRuns() > 0) {
                coldMs = coldMedian(file, options.coldRuns(), plan.objective());
            }
            if (pot.isPresent()) {
                potResult = pot.get().time(file, repeats);
            }
        }
        return new Row(problem, median(millis), plan.objective(), plan.iterations(), coldMs, potResult);
    }

    /** Median time of the first solve in {@code runs} fresh JVMs ({@link ColdCall}). */
    private static double coldMedian(Path file, int runs, double objective) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        double[] millis = new double[runs];
        for (int r = 0; r < runs; r++) {
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ColdCall.class.getName(), file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(600, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("cold run timed out");
            }
            String[] numbers = output.split("\\s+");
            if (process.exitValue() != 0 || numbers.length != 2) {
                throw new IOException("cold run failed: " + output);
            }
            if (Double.parseDouble(numbers[1]) != objective) {
                throw new IOException("cold run found objective " + numbers[1] + ", the warm runs " + objective);
            }
            millis[r] = Double.parseDouble(numbers[0]);
        }
        return median(millis);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String describe(Row row) {
        String line = String.format(Locale.ROOT, "%-32s java %9.3f ms %8d pivots", row.problem().label(), row.javaMs(),
                row.pivots());
        if (!Double.isNaN(row.coldMs())) {
            line += String.format(Locale.ROOT, "   cold %9.3f ms", row.coldMs());
        }
        if (row.pot() == null) {
            return line;
        }
        line += String.format(Locale.ROOT, "   POT %9.3f ms   ratio %.3f   objective rel. diff %.1e",
                row.pot().medianMs(), row.ratio(), row.objectiveRelativeDifference());
        if (row.objectiveRelativeDifference() > OBJECTIVE_TOLERANCE) {
            line += "   OBJECTIVES DIFFER";
        }
        return line;
    }

    private static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%6s %6s %-14s %-10s %10s %8s %10s %10s %7s %12s%n",
                "n", "m", "costs", "marginals", "java_ms", "pivots", "cold_ms", "pot_ms", "ratio", "obj_rel_diff"));
        for (Row row : rows) {
            boolean withPot = row.pot() != null;
            out.append(String.format(Locale.ROOT, "%6d %6d %-14s %-10s %10.3f %8d %10s %10s %7s %12s%n",
                    row.problem().n(), row.problem().m(), row.problem().costKind(), row.problem().marginals(), row.javaMs(),
                    row.pivots(), Double.isNaN(row.coldMs()) ? "-" : String.format(Locale.ROOT, "%.3f", row.coldMs()),
                    withPot ? String.format(Locale.ROOT, "%.3f", row.pot().medianMs()) : "-",
                    withPot ? String.format(Locale.ROOT, "%.3f", row.ratio()) : "-",
                    withPot ? String.format(Locale.ROOT, "%.1e", row.objectiveRelativeDifference()) : "-"));
        }
        return out.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
