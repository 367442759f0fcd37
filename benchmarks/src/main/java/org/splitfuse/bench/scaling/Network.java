package org.splitfuse.bench.scaling;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.splitfuse.core.InputError;

/**
 * A run's network as split-data.csv names it: {@code loopback} (in-process, no shaping: its links
 * have no known bandwidth, so its rows add nothing to the communication term) or {@code Ngbit},
 * each link shaped to N Gbit/s.
 */
record Network(String name, double bitsPerSecond) {

    private static final Pattern GBIT = Pattern.compile("(\\d+(?:\\.\\d+)?)gbit");

    static final String LOOPBACK = "loopback";

    static Network parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals(LOOPBACK)) {
            return new Network(LOOPBACK, Double.POSITIVE_INFINITY);
        }
        Matcher m = GBIT.matcher(t);
        if (m.matches() && Double.parseDouble(m.group(1)) > 0) {
            return new Network(t, Double.parseDouble(m.group(1)) * 1e9);
        }
        throw new InputError("unknown network '" + text + "' (loopback or a bandwidth such as 1gbit, 10gbit)");
    }

    static Network gbit(double gbit) {
        return new Network(String.format(Locale.ROOT, "%sgbit", trim(gbit)), gbit * 1e9);
    }

    boolean loopback() {
        return Double.isInfinite(bitsPerSecond);
    }

    double gbit() {
        return bitsPerSecond / 1e9;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
