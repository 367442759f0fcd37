package org.splitfuse.bench.ot;

import java.nio.file.Path;
import java.util.Locale;
import org.splitfuse.core.ot.TransportPlan;
import org.splitfuse.core.ot.TransportProblemFile;
import org.splitfuse.core.ot.TransportSolver;

/**
 * The first exact solve in a fresh JVM, which {@link OtBench} starts for each problem: reads
 * a problem file, solves it once and prints {@code milliseconds objective} (the solve alone,
 * with the solver's classes loaded and its code interpreted or half-compiled, as in the first
 * group of a pruning or fusion run).
 */
public final class ColdCall {

    private ColdCall() {
    }

    public static void main(String[] args) throws Exception {
        TransportProblemFile.Problem problem = TransportProblemFile.read(Path.of(args[0]));
        long start = System.nanoTime();
        TransportPlan plan = TransportSolver.exact().solve(problem.source(), problem.target(), problem.cost());
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.println(String.format(Locale.ROOT, "%.6f %s", millis, Double.toString(plan.objective())));
    }
}
