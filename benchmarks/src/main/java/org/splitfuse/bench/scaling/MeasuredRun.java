package org.splitfuse.bench.scaling;

import java.util.Locale;
import java.util.Map;

/**
 * One measured run (a row of split-data.csv) and its stages (rows of split-data-stages.csv).
 *
 * @param row       its row in split-data.csv (the header is row 1)
 * @param wireBytes bytes counted on the emulated interfaces; NaN when not measured (loopback rows)
 * @param stages    stage name to its measurement, in the plan's order
 */
record MeasuredRun(Method method, Network network, int k, double width, long params, double totalSeconds,
                   double bytesMoved, double wireBytes, int row, Map<String, Stage> stages) {

    /** One stage's measurement. */
    record Stage(double seconds, double bytesMoved, double wireBytes) {
    }

    String key() {
        return key(method.id(), network.name(), k, width);
    }

    static String key(String method, String network, int k, double width) {
        return String.format(Locale.ROOT, "%s at %s, k=%d, width %s", method, network, k, width);
    }

    double stageSeconds() {
        return stages.values().stream().mapToDouble(Stage::seconds).sum();
    }
}
