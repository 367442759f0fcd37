package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs POT's ot.emd (benchmarks/src/main/python/pot_emd.py) on a problem file. POT is
 * optional: Debian's python3-pot (POT 0.8.2, the version the paper used) installs it for
 * /usr/bin/python3 with {@code apt-get install -y python3-pot}.
 */
final class PotEmd {

    static final String INSTALL_HINT = "apt-get install -y python3-pot";

    /** Median steady-state time, the objective of the plan, and the time of the first call in the process. */
    record Result(double medianMs, double objective, double firstMs) {
    }

    private final String python;
    private final Path script;
    final String version;

    private PotEmd(String python, Path script, String version) {
        this.python = python;
        this.script = script;
        this.version = version;
    }

    /**
     * The first of {@code pythons} that can import ot and numpy, with the script; empty when
     * none can or the script is missing (the reason is printed).
     */
    static Optional<PotEmd> find(List<String> pythons, Path script) {
        if (!Files.isRegularFile(script)) {
            System.out.println("POT comparison skipped: " + script + " not found (run from the repository root)");
            return Optional.empty();
        }
        for (String python : pythons) {
            Optional<String> version = potVersion(python);
            if (version.isPresent()) {
                return Optional.of(new PotEmd(python, script, version.get()));
            }
        }
        System.out.println("POT comparison skipped: none of " + pythons + " can import ot (install it with: "
                + INSTALL_HINT + ")");
        return Optional.empty();
    }

    String python() {
        return python;
    }

    Result time(Path problemFile, int repeats) throws IOException, InterruptedException {
        String output = run(List.of(python, script.toString(), problemFile.toString(), Integer.toString(repeats)), 600);
        String[] numbers = output.trim().split("\\s+");
        if (numbers.length != 3) {
            throw new IOException("expected 'median_ms objective first_ms' from pot_emd.py, got: " + output.trim());
        }
        return new Result(Double.parseDouble(numbers[0]), Double.parseDouble(numbers[1]), Double.parseDouble(numbers[2]));
    }

    private static Optional<String> potVersion(String python) {
        try {
            String output = run(List.of(python, "-c", "import numpy, ot; print(ot.__version__)"), 60);
            return Optional.of(output.trim());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " timed out");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed: " + text.trim());
        }
        return text;
    }
}
