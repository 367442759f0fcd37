package org.splitfuse.bench;

import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.splitfuse.core.InputError;

/**
 * The one command-line parser of the benchmark verbs (prune, prune-bench, memory-bench, ot-bench):
 * {@code --name value} options and {@code --flag}s, {@code --help}/{@code -h}, and an error for an
 * option nobody read (a typo). Bad input is an {@link InputError} naming the option; the project
 * has no CLI library among its dependencies, and these verbs need no more than this.
 */
public final class BenchArgs {

    /** Stands for an option given without a value ({@code --no-pot}, or {@code --repeats} at the end). */
    private static final String NO_VALUE = new String("(no value)");

    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();
    private final boolean help;

    private BenchArgs(Map<String, String> values, boolean help) {
        this.values = values;
        this.help = help;
    }

    /**
     * Reads the command line; throws {@link InputError} for an argument that is not an option.
     * A token after {@code --name} that does not start with {@code --} is its value (so
     * {@code --cold-runs -1} reads "-1").
     */
    public static BenchArgs read(String[] argv) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (!a.startsWith("--") || a.length() == 2) {
                throw new InputError("unexpected argument '" + a + "' (see --help)");
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                values.put(a.substring(2), argv[++i]);
            } else {
                values.put(a.substring(2), NO_VALUE);
            }
        }
        return new BenchArgs(values, help);
    }

    /**
     * Prints the usage and exits 0 on --help; a malformed command line, and errors found later when
     * a value is read, are {@link InputError}s that the verb's main reports in one line (exit 2).
     */
    public static BenchArgs parse(String[] argv, String verb, String usage) {
        BenchArgs args = read(argv);
        if (args.help) {
            System.out.println(usage);
            System.exit(0);
        }
        return args;
    }

    /** Whether --help or -h was given. */
    public boolean help() {
        return help;
    }

    /** Whether the option was given at all. */
    public boolean has(String name) {
        used.add(name);
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        used.add(name);
        String v = values.get(name);
        if (v == NO_VALUE) {
            throw failure("--" + name + " needs a value");
        }
        return v == null ? fallback : v;
    }

    /** A flag: given or not ({@code --name true|false} also accepted). */
    public boolean flag(String name) {
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            return false;
        }
        if (v == NO_VALUE || v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw failure("--" + name + " takes no value, got '" + v + "'");
    }

    public int integer(String name, int fallback) {
        return parsed(name, fallback, s -> Integer.valueOf(s.trim()), "an integer");
    }

    public long longInteger(String name, long fallback) {
        return parsed(name, fallback, s -> Long.valueOf(s.trim()), "an integer");
    }

    public double number(String name, double fallback) {
        return parsed(name, fallback, s -> Double.valueOf(s.trim()), "a number");
    }

    /** An integer option of at least {@code minimum}. */
    public int integerAtLeast(String name, int fallback, int minimum) {
        long v = longInteger(name, fallback);
        if (v < minimum || v > Integer.MAX_VALUE) {
            throw failure("--" + name + " must be an integer of at least " + minimum + ", got " + string(name, null));
        }
        return (int) v;
    }

    private <T> T parsed(String name, T fallback, Function<String, T> parse, String what) {
        String v = string(name, null);
        try {
            return v == null ? fallback : parse.apply(v);
        } catch (NumberFormatException e) {
            throw failure("--" + name + " expects " + what + ", got '" + v + "'");
        }
    }

    /** Call after reading every option: an option nobody read is a typo. */
    public void rejectUnused() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw failure("unknown option --" + name + " (see --help)");
            }
        }
    }

    private static RuntimeException failure(String message) {
        return new InputError(message);
    }
}
