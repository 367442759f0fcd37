package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.splitfuse.core.ot.TransportPlan;
import org.splitfuse.core.ot.TransportSolver;

/**
 * {@code bin/splitfuse ot-bench}: times the exact transport solver on dense random costs and,
 * when POT is installed, POT's ot.emd on the same matrices, back to back per problem.
 * Each side solves each problem untimed first (Java: for {@code --warm-up-ms}, 1 s by default,
 * and at least three times, so that the JIT has settled; POT: once). Prints the median wall-clock milliseconds, their ratio (Java / POT) and the relative difference of
 * the objectives, and writes them to a CSV file.
 */
public final class OtBench {

    static final String USAGE = String.join("\n",
            "usage: ot-bench [--repeats N] [--warm-up-ms MS] [--sizes 128x64,512x256,...]",
            "                [--marginals uniform,importance] [--out docs/results/ot-bench.csv] [--no-pot]",
            "                [--python PATH] [--pot-script PATH] [--seed S]",
            "POT (the paper's ot.emd, 0.8.2) is used when a python3 can import it: " + PotEmd.INSTALL_HINT);

    private static final double OBJECTIVE_TOLERANCE = 1e-9;
    private static final int MIN_WARM_UP_RUNS = 3;

    record Row(BenchProblem problem, double javaMs, double javaObjective, PotEmd.Result pot) {

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

    public static void main(String[] args) throws IOException, InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        Optional<PotEmd> pot = options.pot() ? PotEmd.find(options.pythons(), options.potScript()) : Optional.empty();
        pot.ifPresent(p -> System.out.println("POT " + p.version + " via " + p.python()));
        System.out.printf(Locale.ROOT, "Java %s, %d timed runs per problem after %d ms of warm-up, median wall-clock ms%n",
                System.getProperty("java.version"), options.repeats(), options.warmUpMillis());

        TransportSolver solver = TransportSolver.exact();
        List<Row> rows = new ArrayList<>();
        Path scratch = Files.createTempDirectory("ot-bench");
        try {
            for (int[] size : options.sizes()) {
                for (BenchProblem.Marginals marginals : options.marginals()) {
                    BenchProblem problem = BenchProblem.generate(size[0], size[1], marginals,
                            options.seed() + 1_000_003L * size[0] + size[1]);
                    Row row = measure(solver, problem, options, pot, scratch);
                    rows.add(row);
                    System.out.println(describe(row));
                }
            }
        } finally {
            try (var files = Files.list(scratch)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(scratch);
        }
        System.out.println();
        System.out.print(table(rows));
        BenchCsv.write(options.out(), rows);
        System.out.println("wrote " + options.out());
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
        PotEmd.Result potResult = null;
        if (pot.isPresent()) {
            Path file = scratch.resolve(problem.n() + "x" + problem.m() + "-" + problem.marginals().label() + ".bin");
            problem.writeTo(file);
            potResult = pot.get().time(file, repeats);
        }
        return new Row(problem, median(millis), plan.objective(), potResult);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String describe(Row row) {
        String line = String.format(Locale.ROOT, "%-22s java %9.3f ms", row.problem().label(), row.javaMs());
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
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%6s %6s %-10s %10s %10s %7s %12s%n",
                "n", "m", "marginals", "java_ms", "pot_ms", "ratio", "obj_rel_diff"));
        for (Row row : rows) {
            boolean withPot = row.pot() != null;
            out.append(String.format(Locale.ROOT, "%6d %6d %-10s %10.3f %10s %7s %12s%n",
                    row.problem().n(), row.problem().m(), row.problem().marginals().label(), row.javaMs(),
                    withPot ? String.format(Locale.ROOT, "%.3f", row.pot().medianMs()) : "-",
                    withPot ? String.format(Locale.ROOT, "%.3f", row.ratio()) : "-",
                    withPot ? String.format(Locale.ROOT, "%.1e", row.objectiveRelativeDifference()) : "-"));
        }
        return out.toString();
    }
}
