package org.splitfuse.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.splitfuse.core.InputError;

/**
 * --name value and --flag options of a benchmark verb, with --help. A malformed command line is an
 * {@link InputError} (the verb's main reports it in one line, exit 2), never an exit from here.
 */
public final class BenchArgs {

    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private BenchArgs(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Prints the usage and exits on --help; throws an {@link InputError} for a stray argument. The
     * verb names whose options these are.
     */
    public static BenchArgs parse(String[] argv, String verb, String usage) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!a.startsWith("--")) {
                throw new InputError("unexpected argument '" + a + "': options are --name value or --flag (see --help)");
            }
            String name = a.substring(2);
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                values.put(name, argv[++i]);
            } else {
                values.put(name, "true");
            }
        }
        return new BenchArgs(values);
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    public int integer(String name, int fallback) {
        return parsed(name, fallback, Integer::valueOf, "an integer");
    }

    public double number(String name, double fallback) {
        return parsed(name, fallback, Double::valueOf, "a number");
    }

    private <T> T parsed(String name, T fallback, java.util.function.Function<String, T> parse, String what) {
        String v = string(name, null);
        try {
            return v == null ? fallback : parse.apply(v);
        } catch (NumberFormatException e) {
            throw new InputError("--" + name + " expects " + what + ", got '" + v + "'");
        }
    }

    /** Call after reading every option: an option nobody read is a typo. */
    public void rejectUnused() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new InputError("unknown option --" + name + " (see --help)");
            }
        }
    }
}
