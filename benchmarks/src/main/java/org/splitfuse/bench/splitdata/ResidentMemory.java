package org.splitfuse.bench.splitdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory now and at its peak (Linux /proc), for the benchmark's memory line. */
final class ResidentMemory {

    private ResidentMemory() {
    }

    static String describe() {
        try {
            String rss = "?";
            String peak = "?";
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = line.substring(6).trim();
                } else if (line.startsWith("VmHWM:")) {
                    peak = line.substring(6).trim();
                }
            }
            return "resident " + rss + ", peak " + peak;
        } catch (IOException e) {
            return "resident memory unknown (" + e.getMessage() + ")";
        }
    }
}
