package org.splitfuse.spark.sweep;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.splitfuse.spark.Interrupts;
import org.splitfuse.spark.SplitFuseJob;

/**
 * {@code sweep.parallel} cells at once, each an ordinary run of the job in its own JVM (a JVM
 * holds one SparkContext): the same java, JVM flags and classpath as the sweep, the cell's
 * key=value arguments, its output in {@code logs/CELL.log} under a local sweep output (else in the
 * temporary directory). A signal to the sweep is passed on to the running cells, which stop cleanly.
 */
final class CellProcesses {

    private final SweepRunner sweep;
    private final int parallel;
    private final ConcurrentLinkedQueue<Process> running = new ConcurrentLinkedQueue<>();

    CellProcesses(SweepRunner sweep, int parallel) {
        this.sweep = sweep;
        this.parallel = parallel;
    }

    void run(List<Cell> cells) throws IOException {
        File logs = logDir();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<?>> futures = new ArrayList<>();
        for (Cell cell : cells) {
            futures.add(pool.submit(() -> {
                if (Interrupts.signal() != null) {
                    return null;
                }
                runOne(cell, new File(logs, cell.name() + ".log"));
                return null;
            }));
        }
        pool.shutdown();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            // the signal handler interrupts this (the driver) thread: pass the signal on, wait for the cells to stop
            running.forEach(p -> p.toHandle().destroy());
            try {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.MINUTES);
            } catch (InterruptedException again) {
                running.forEach(Process::destroyForcibly);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("running a cell failed: " + e.getCause(), e.getCause());
        }
    }

    private void runOne(Cell cell, File log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SplitFuseJob.class.getName()));
        if (sweep.file().base() != null) {
            command.add(sweep.file().base().toString());
        }
        command.addAll(sweep.args(cell));
        sweep.out().printf(Locale.ROOT, "sweep: cell %d of %d (%s): running in its own JVM, log %s%n", cell.index(),
                sweep.size(), cell.label(), log);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        running.add(p);
        int exit;
        try {
            exit = p.waitFor();
        } finally {
            running.remove(p);
        }
        if (Interrupts.signal() != null || exit == 130 || exit == 143) {
            return; // stopped, not failed
        }
        if (exit == 0) {
            sweep.finish(cell, sweep.report(cell), null, t0);
        } else {
            sweep.finish(cell, null, lastError(log, exit), t0);
        }
    }

    /** The job's own one line ("splitfuse: error: ..." or "splitfuse: failed: ..."), without its prefix. */
    private static String lastError(File log, int exit) throws IOException {
        String found = "exit " + exit + " (see " + log + ")";
        for (String line : Files.readAllLines(log.toPath())) {
            if (line.startsWith("splitfuse: error: ") || line.startsWith("splitfuse: failed: ")) {
                found = line.substring(line.indexOf(": ", 11) + 2);
            }
        }
        return found;
    }

    private File logDir() throws IOException {
        org.apache.hadoop.fs.Path out = sweep.output();
        String scheme = out.toUri().getScheme();
        File dir = scheme == null || scheme.equals("file") ? new File(out.toUri().getPath(), "logs")
                : Files.createTempDirectory("splitfuse-sweep-logs").toFile();
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("cannot create the log directory " + dir);
        }
        return dir;
    }
}
