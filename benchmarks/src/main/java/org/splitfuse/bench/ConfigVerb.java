package org.splitfuse.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.LayeredConfig;
import org.splitfuse.core.config.Settings;

/**
 * The shape of a config-driven benchmark verb: {@code VERB [CONFIG] [key=value ...]}, the config
 * layered on a reference resource, --help, and the one rule of {@link UserError#report}: one
 * {@code splitfuse VERB: error: ...} line with exit code 2 for bad input, a trace and exit 1 for a bug.
 */
public final class ConfigVerb {

    /** The verb's work on its merged config. */
    @FunctionalInterface
    public interface Body {
        void run(Config config) throws IOException;
    }

    private ConfigVerb() {
    }

    public static void main(String[] argv, String verb, String usage, String resource, String root, Body body) {
        int exit = run(argv, verb, usage, resource, root, body, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The verb without the exit: returns the exit code, the error (if any) printed to {@code err}. */
    public static int run(String[] argv, String verb, String usage, String resource, String root, Body body,
            PrintStream err) {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            System.out.println(usage);
            return 0;
        }
        try {
            File file = argv.length > 0 && !argv[0].contains("=") ? new File(argv[0]) : null;
            if (file != null && argv[0].startsWith("-")) {
                throw new InputError("unknown option '" + argv[0] + "': " + verb
                        + " takes [CONFIG] [key=value ...] (see --help)");
            }
            List<String> overrides = Arrays.asList(argv).subList(file == null ? 0 : 1, argv.length);
            body.run(LayeredConfig.load(resource, root, file, overrides));
            return 0;
        } catch (Exception e) {
            return UserError.report("splitfuse " + verb, e, err);
        }
    }

    /** Each value of a list key parsed; a value the parser refuses is a config error naming the key. */
    public static <T> List<T> each(Config config, String key, Function<String, T> parse) {
        return config.getStringList(key).stream().map(v -> {
            try {
                return parse.apply(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigError("config key '" + key + "': " + e.getMessage(), e);
            }
        }).toList();
    }

    /**
     * A list of seeds ({@code train.seeds}): at least one, each an integer (1.5 is refused, not
     * truncated), none twice (a repeated seed would train the same checkpoint again and count it twice).
     */
    public static List<Long> seeds(Config config, String key) {
        List<? extends Number> values;
        try {
            values = config.getNumberList(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new ConfigError("config key '" + key + "' must be a list of integers, e.g. [1, 2]: " + e.getMessage(), e);
        }
        if (values.isEmpty()) {
            throw new ConfigError("config key '" + key + "' is empty: give at least one seed, e.g. [1]");
        }
        List<Long> seeds = new java.util.ArrayList<>();
        for (Number v : values) {
            if (!(v instanceof Integer || v instanceof Long)) {
                throw new ConfigError("config key '" + key + "': seeds are integers, got " + v);
            }
            if (seeds.contains(v.longValue())) {
                throw new ConfigError("config key '" + key + "': seed " + v + " is given twice");
            }
            seeds.add(v.longValue());
        }
        return List.copyOf(seeds);
    }
}
