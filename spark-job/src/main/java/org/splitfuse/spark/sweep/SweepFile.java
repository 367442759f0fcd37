package org.splitfuse.spark.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.splitfuse.core.config.ConfigError;

/**
 * A sweep file (HOCON, everything under {@code sweep}; docs/sweeps.md): the base config, inline
 * overrides, the grid, zipped keys, seeds, the output and how many cells run at once. Every
 * problem is a {@link ConfigError} naming the file.
 *
 * @param base      the job config file every cell starts from (relative to the sweep file), or null
 * @param overrides key=value overrides of every cell (the sweep's inline ones, then the command line's)
 * @param axes      the grid: each axis one or more keys (more: zipped) and its values, in the order cells vary
 * @param seeds     the repeats; empty: one run with the config's own seeds
 * @param seedKeys  the config keys a seed sets
 */
public record SweepFile(File file, File base, List<String> overrides, List<Axis> axes, List<Long> seeds,
                        List<String> seedKeys, String output, int parallel) {

    /** Keys a sweep file may set under {@code sweep}. */
    static final Set<String> KEYS = Set.of("base", "overrides", "grid", "zip", "seeds", "seed-keys", "output", "parallel");

    /** One dimension of the grid: its keys (one, or several zipped) and its points (a value per key). */
    public record Axis(List<String> keys, List<List<String>> points) {
    }

    public static SweepFile read(File file, List<String> commandLine) {
        String where = "sweep file " + file;
        if (!file.isFile()) {
            throw new ConfigError("sweep file not found: " + file);
        }
        Config root;
        try {
            root = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new ConfigError(where + ": " + stripOrigin(e), e);
        }
        List<String> jobOverrides = new ArrayList<>();
        for (String arg : commandLine) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("unexpected argument '" + arg + "': after the sweep file only key=value overrides");
            }
            String key = arg.substring(0, eq).trim();
            if (key.startsWith("sweep.")) {
                // a sweep setting from the command line: sweep.parallel=2, sweep.output=...
                try {
                    root = ConfigFactory.parseString(key + " = " + arg.substring(eq + 1)).withFallback(root);
                } catch (ConfigException e) {
                    throw new ConfigError("override '" + arg + "': " + e.getMessage(), e);
                }
            } else {
                jobOverrides.add(arg);
            }
        }
        if (!root.hasPath("sweep") || root.getValue("sweep").valueType() != ConfigValueType.OBJECT) {
            throw new ConfigError(where + ": no 'sweep { ... }' section");
        }
        for (String top : root.root().keySet()) {
            if (!top.equals("sweep")) {
                throw new ConfigError(where + ": unknown key '" + top + "' (everything goes under 'sweep')");
            }
        }
        Config s = root.getConfig("sweep");
        for (String key : s.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigError(where + ": unknown key 'sweep." + key + "'; known: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        try {
            File base = null;
            if (s.hasPath("base")) {
                base = new File(s.getString("base"));
                if (!base.isAbsolute()) {
                    base = new File(file.getAbsoluteFile().getParentFile(), s.getString("base"));
                }
                if (!base.isFile()) {
                    throw new ConfigError(where + ": sweep.base: config file not found: " + base);
                }
            }
            List<String> overrides = new ArrayList<>();
            if (s.hasPath("overrides")) {
                for (Map.Entry<String, ConfigValue> e : sorted(s.getConfig("overrides"))) {
                    overrides.add(e.getKey() + "=" + e.getValue().render());
                }
            }
            overrides.addAll(jobOverrides);
            List<Axis> axes = new ArrayList<>();
            if (s.hasPath("grid")) {
                for (Map.Entry<String, ConfigValue> e : sorted(s.getConfig("grid"))) {
                    axes.add(new Axis(List.of(e.getKey()), values(where, "sweep.grid." + e.getKey(), e.getValue())
                            .stream().map(List::of).toList()));
                }
            }
            if (s.hasPath("zip")) {
                ConfigValue zip = s.getValue("zip");
                List<ConfigObject> groups = new ArrayList<>();
                if (zip instanceof ConfigObject o) {
                    groups.add(o);
                } else if (zip instanceof ConfigList l && l.stream().allMatch(v -> v instanceof ConfigObject)) {
                    l.forEach(v -> groups.add((ConfigObject) v));
                } else {
                    throw new ConfigError(where + ": sweep.zip must be an object of lists (or a list of them)");
                }
                for (ConfigObject group : groups) {
                    axes.add(zipped(where, group.toConfig()));
                }
            }
            Set<String> swept = new TreeSet<>();
            for (Axis a : axes) {
                for (String k : a.keys()) {
                    if (!swept.add(k)) {
                        throw new ConfigError(where + ": key '" + k + "' is swept twice (grid and zip)");
                    }
                }
            }
            List<Long> seeds = s.hasPath("seeds") ? s.getLongList("seeds") : List.of();
            if (s.hasPath("seeds") && seeds.isEmpty()) {
                throw new ConfigError(where + ": sweep.seeds is empty (leave it out for one run with the config's own seeds)");
            }
            if (seeds.stream().distinct().count() != seeds.size()) {
                throw new ConfigError(where + ": sweep.seeds repeats a seed: " + seeds);
            }
            List<String> seedKeys = s.hasPath("seed-keys") ? s.getStringList("seed-keys")
                    : List.of("model.seed", "train.shuffle-seed");
            if (seedKeys.isEmpty()) {
                throw new ConfigError(where + ": sweep.seed-keys is empty");
            }
            for (String k : seedKeys) {
                if (!seeds.isEmpty() && swept.contains(k)) {
                    throw new ConfigError(where + ": key '" + k + "' is both swept and set by sweep.seeds");
                }
            }
            if (axes.isEmpty() && seeds.isEmpty()) {
                throw new ConfigError(where + ": nothing to sweep: give sweep.grid (a list of values per key), sweep.zip or sweep.seeds");
            }
            if (!s.hasPath("output") || s.getString("output").isBlank()) {
                throw new ConfigError(where + ": sweep.output is missing (the directory URI the cells write under)");
            }
            int parallel = s.hasPath("parallel") ? s.getInt("parallel") : 1;
            if (parallel < 1) {
                throw new ConfigError(where + ": sweep.parallel must be >= 1, got " + parallel);
            }
            return new SweepFile(file, base, List.copyOf(overrides), List.copyOf(axes), List.copyOf(seeds),
                    List.copyOf(seedKeys), s.getString("output").trim(), parallel);
        } catch (ConfigException e) {
            throw new ConfigError(where + ": " + stripOrigin(e), e);
        }
    }

    private static Axis zipped(String where, Config group) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : sorted(group)) {
            lists.put(e.getKey(), values(where, "sweep.zip." + e.getKey(), e.getValue()));
        }
        if (lists.isEmpty()) {
            throw new ConfigError(where + ": sweep.zip has no keys");
        }
        int n = lists.values().iterator().next().size();
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            if (e.getValue().size() != n) {
                throw new ConfigError(where + ": the zipped keys need lists of one length: " + lists.keySet() + " have "
                        + lists.values().stream().map(l -> Integer.toString(l.size())).toList());
            }
        }
        List<List<String>> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> point = new ArrayList<>();
            for (List<String> l : lists.values()) {
                point.add(l.get(i));
            }
            points.add(List.copyOf(point));
        }
        return new Axis(List.copyOf(lists.keySet()), List.copyOf(points));
    }

    /** A swept key's values, each as the text of a key=value override. */
    private static List<String> values(String where, String path, ConfigValue v) {
        if (!(v instanceof ConfigList list)) {
            throw new ConfigError(where + ": " + path + " must be a list of values, e.g. [0.3, 0.5], got " + v.render());
        }
        if (list.isEmpty()) {
            throw new ConfigError(where + ": " + path + " is an empty list: a grid key needs at least one value");
        }
        List<String> values = new ArrayList<>();
        for (ConfigValue item : list) {
            if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.NULL) {
                throw new ConfigError(where + ": " + path + ": a value must be a number, string, boolean or list, got "
                        + item.render());
            }
            String text = item.valueType() == ConfigValueType.STRING ? (String) item.unwrapped() : item.render();
            if (values.contains(text)) {
                throw new ConfigError(where + ": " + path + " lists '" + text + "' twice");
            }
            values.add(text);
        }
        return List.copyOf(values);
    }

    /** A config's leaf values by path, sorted: HOCON objects keep no order, so the grid's order is the keys'. */
    private static Set<Map.Entry<String, ConfigValue>> sorted(Config c) {
        TreeMap<String, ConfigValue> m = new TreeMap<>();
        c.entrySet().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m.entrySet();
    }

    private static String stripOrigin(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null && message.startsWith(e.origin().description() + ": ")) {
            String rest = message.substring(e.origin().description().length() + 2);
            return e.origin().lineNumber() > 0 ? "line " + e.origin().lineNumber() + ": " + rest : rest;
        }
        return message;
    }
}
