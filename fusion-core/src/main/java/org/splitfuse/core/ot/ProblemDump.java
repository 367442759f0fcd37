package org.splitfuse.core.ot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes every problem an exact solver gets to a directory, as {@link TransportProblemFile}s,
 * when the system property {@value #PROPERTY} names one: the way to collect the cost matrices
 * that a real Intra-Fusion or fusion run solves, for ot-bench (docs/ot.md).
 */
final class ProblemDump implements TransportSolver {

    static final String PROPERTY = "splitfuse.ot.dump";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TransportSolver solver;
    private final Path directory;

    private ProblemDump(TransportSolver solver, Path directory) {
        this.solver = solver;
        this.directory = directory;
    }

    /** {@code solver} itself unless {@value #PROPERTY} is set. */
    static TransportSolver wrapIfRequested(TransportSolver solver) {
        String directory = System.getProperty(PROPERTY);
        return directory == null || directory.isBlank() ? solver : new ProblemDump(solver, Path.of(directory));
    }

    @Override
    public TransportPlan solve(double[] sourceMass, double[] targetMass, double[][] cost) {
        TransportInputs.validate(sourceMass, targetMass, cost); // dump only what a solver accepts
        // the process id keeps the names of concurrent JVMs (Spark executors) apart
        Path file = directory.resolve(String.format(Locale.ROOT, "ot-%d-%06d-%dx%d.bin", ProcessHandle.current().pid(),
                SEQUENCE.incrementAndGet(), sourceMass.length, targetMass.length));
        try {
            Files.createDirectories(directory);
            TransportProblemFile.write(file, sourceMass, targetMass, cost);
        } catch (IOException e) {
            throw new UncheckedIOException(PROPERTY + ": cannot write " + file + ": " + e.getMessage(), e);
        }
        return solver.solve(sourceMass, targetMass, cost);
    }
}
