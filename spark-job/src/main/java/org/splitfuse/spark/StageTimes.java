package org.splitfuse.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time of each named stage of a run, in the order the stages ran. */
final class StageTimes {

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    <T> T time(String stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            seconds.merge(stage, (System.nanoTime() - start) / 1e9, Double::sum);
        }
    }

    Map<String, Double> asMap() {
        return new LinkedHashMap<>(seconds);
    }

    double total() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
