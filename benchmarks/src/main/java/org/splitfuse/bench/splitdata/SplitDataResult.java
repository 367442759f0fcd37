package org.splitfuse.bench.splitdata;

import java.util.Locale;

/**
 * One plan's run, as committed in split-data.csv.
 *
 * @param trainSeconds the training stage
 * @param totalSeconds the time to the final model: the sum of the plan's stages
 * @param bytesMoved   between driver and executors, over the whole plan
 */
record SplitDataResult(String method, double accuracy, long params, double trainSeconds, double totalSeconds,
                       long bytesMoved) {

    static final String HEADER = "method,accuracy,params,train_s,total_s,bytes_moved";

    String csv() {
        return String.format(Locale.ROOT, "%s,%.4f,%d,%.1f,%.1f,%d", method, accuracy, params, trainSeconds, totalSeconds,
                bytesMoved);
    }

    static SplitDataResult parse(String line) {
        String[] f = line.split(",");
        return new SplitDataResult(f[0], Double.parseDouble(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Long.parseLong(f[5]));
    }
}
