package org.splitfuse.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.function.Function;

/** Typed reads from the merged config; a wrong type or range names the key and the value. */
public final class Settings {

    private final Config config;

    public Settings(Config config) {
        this.config = config;
    }

    /** Whether the config (its reference, since no other key is accepted) has {@code key}. */
    public boolean has(String key) {
        return config.hasPath(key);
    }

    public String string(String key) {
        return read(key, config::getString);
    }

    public boolean bool(String key) {
        return read(key, config::getBoolean);
    }

    public long longValue(String key) {
        return read(key, config::getLong);
    }

    public Duration duration(String key) {
        return read(key, config::getDuration);
    }

    public int intAtLeast(String key, int min) {
        int v = read(key, config::getInt);
        if (v < min) {
            throw new ConfigError("config key '" + key + "' must be >= " + min + ", got " + v);
        }
        return v;
    }

    public double doubleIn(String key, double min, double max, boolean minInclusive) {
        return doubleIn(key, min, max, minInclusive, true);
    }

    /** A number in the interval, NaN never: the message is the interval as written in the docs, e.g. [0, 1). */
    public double doubleIn(String key, double min, double max, boolean minInclusive, boolean maxInclusive) {
        double v = read(key, config::getDouble);
        boolean aboveMin = minInclusive ? v >= min : v > min;
        boolean belowMax = maxInclusive ? v <= max : v < max;
        if (!aboveMin || !belowMax || Double.isNaN(v)) {
            throw new ConfigError("config key '" + key + "' must be in " + (minInclusive ? "[" : "(") + number(min) + ", "
                    + number(max) + (maxInclusive ? "]" : ")") + ", got " + v);
        }
        return v;
    }

    /** 1 rather than 1.0, 0.999 as it is. */
    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    /** An enum constant, spelled as {@link EnumNames} reads it. */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        return choice(key, raw -> EnumNames.parse(type, "value", raw));
    }

    public <T> T choice(String key, Function<String, T> parse) {
        String raw = string(key);
        try {
            return parse.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key '" + key + "': " + e.getMessage(), e);
        }
    }

    private <T> T read(String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new ConfigError("config key '" + key + "' has the wrong type: " + e.getMessage(), e);
        } catch (ConfigException.Missing e) {
            throw new ConfigError("config key '" + key + "' is missing", e);
        }
    }
}
