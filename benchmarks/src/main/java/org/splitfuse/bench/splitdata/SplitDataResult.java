package org.splitfuse.bench.splitdata;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One plan's run, as committed in split-data.csv: a row per method, network, K and width.
 *
 * @param trainSeconds the training stage
 * @param totalSeconds the time to the final model: the sum of the plan's stages
 * @param bytesMoved   between driver and executors, over the whole plan, as Spark's listener counts them
 * @param network      the links' rate (1gbit, 10gbit) on the emulated cluster, or loopback (one JVM)
 * @param wireBytes    bytes all nodes sent on the emulated network during the run (0 on loopback)
 * @param runSeconds   the time to the final model of every run of this method (split-data.repeats), in run
 *                     order; the row is the run at their median
 */
record SplitDataResult(String method, double accuracy, long params, double trainSeconds, double totalSeconds,
                       long bytesMoved, String network, int k, double width, long wireBytes, List<Double> runSeconds) {

    static final String HEADER = "method,accuracy,params,train_s,total_s,bytes_moved,network,k,width,wire_bytes,total_s_runs";

    SplitDataResult {
        runSeconds = List.copyOf(runSeconds);
    }

    String csv() {
        return String.format(Locale.ROOT, "%s,%.4f,%d,%.1f,%.1f,%d,%s,%d,%s,%d,%s", method, accuracy, params, trainSeconds,
                totalSeconds, bytesMoved, network, k, width(width), wireBytes,
                runSeconds.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).collect(Collectors.joining(";")));
    }

    /** How many runs the row is the median of. */
    int runs() {
        return runSeconds.size();
    }

    /** Method, network, K and width: a later run with the same key replaces the row. */
    String key() {
        return key(method, network, k, width);
    }

    static String key(String method, String network, int k, double width) {
        return method + "|" + network + "|" + k + "|" + width(width);
    }

    static String width(double w) {
        return String.format(Locale.ROOT, "%.4g", w).replaceAll("\\.?0+$", "");
    }

    static SplitDataResult parse(String[] f) {
        return new SplitDataResult(f[0], Double.parseDouble(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Long.parseLong(f[5]), f[6], Integer.parseInt(f[7]), Double.parseDouble(f[8]),
                Long.parseLong(f[9]), f.length > 10 ? Stream.of(f[10].split(";")).map(Double::parseDouble).toList()
                        : List.of(Double.parseDouble(f[4])));
    }
}
