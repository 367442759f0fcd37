package org.splitfuse.bench.train;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A persistent PyTorch process (benchmarks/src/main/python/torch_train_bench.py) driven over its
 * stdin and stdout, so that PyTorch stays warm between the interleaved repetitions.
 */
final class TorchWorker implements AutoCloseable {

    static final String INSTALL_HINT = "apt-get install -y python3-torch python3-numpy";

    private final Process process;
    private final BufferedReader in;
    private final BufferedWriter out;
    private final String banner;
    private final String python;

    private TorchWorker(String python, Process process) throws IOException {
        this.python = python;
        this.process = process;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null || !first.startsWith("ready ")) {
            throw new IOException("the PyTorch worker did not start (" + python + "): " + first);
        }
        this.banner = first.substring("ready ".length());
    }

    /** The first of {@code pythons} that imports torch and numpy, running the script; empty if none does. */
    static Optional<TorchWorker> start(List<String> pythons, Path script, int threads) throws IOException {
        for (String python : pythons) {
            if (!importsTorch(python)) {
                continue;
            }
            ProcessBuilder pb = new ProcessBuilder(python, script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            // PyTorch as Debian ships it: not under the allocator bin/splitfuse preloads for the JVM
            for (String name : List.of("LD_PRELOAD", "MALLOC_CONF", "MALLOC_MMAP_THRESHOLD_", "MALLOC_ARENA_MAX")) {
                pb.environment().remove(name);
            }
            pb.environment().put("SPLITFUSE_TORCH_THREADS", Integer.toString(threads));
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            return Optional.of(new TorchWorker(python, pb.start()));
        }
        return Optional.empty();
    }

    private static boolean importsTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String banner() {
        return banner + " via " + python;
    }

    long params(String model, double width) throws IOException {
        return Long.parseLong(ask("build " + model + " " + width)[0]);
    }

    Measurement train(String model, double width, int batch, int warmup, int steps, long seed) throws IOException {
        String[] r = ask(String.join(" ", "train", model, Double.toString(width), Integer.toString(batch),
                Integer.toString(warmup), Integer.toString(steps), Long.toString(seed)));
        return new Measurement(Double.parseDouble(r[0]), Double.parseDouble(r[1]));
    }

    Measurement infer(String model, double width, int batch, int warmup, int steps) throws IOException {
        String[] r = ask(String.join(" ", "infer", model, Double.toString(width), Integer.toString(batch),
                Integer.toString(warmup), Integer.toString(steps)));
        return new Measurement(Double.parseDouble(r[0]), Double.parseDouble(r[1]));
    }

    private String[] ask(String command) throws IOException {
        out.write(command);
        out.newLine();
        out.flush();
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the PyTorch worker exited during '" + command + "'");
        }
        if (!line.startsWith("ok ")) {
            throw new IOException("the PyTorch worker failed on '" + command + "': " + line);
        }
        return line.substring(3).trim().split(" ");
    }

    @Override
    public void close() throws IOException {
        try {
            out.write("quit");
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
