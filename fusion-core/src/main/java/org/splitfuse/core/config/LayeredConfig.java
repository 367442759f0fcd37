package org.splitfuse.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * HOCON in three layers: a reference resource (the defaults, shipped in a jar) &lt; a config
 * file &lt; key=value overrides. Keys the reference does not define are rejected, with a "did you
 * mean" suggestion; the job and the benchmark verbs read their configs this way.
 */
public final class LayeredConfig {

    private LayeredConfig() {
    }

    /**
     * @param resource the reference resource on the classpath, holding every key under {@code root}
     * @return the merged and resolved config below {@code root}
     */
    public static Config load(String resource, String root, File configFile, List<String> overrides) {
        Config reference = ConfigFactory.parseResources(LayeredConfig.class.getClassLoader(), resource)
                .getConfig(root);
        Config layered = overridesConfig(overrides, root);
        if (configFile != null) {
            if (!configFile.isFile()) {
                throw new ConfigError("config file not found: " + configFile);
            }
            Config file;
            try {
                file = ConfigFactory.parseFile(configFile, ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                // the parser's message starts with the file (and line) already: name the file once
                String message = e.getMessage();
                String where = "config file " + configFile;
                if (e.origin() != null && message.startsWith(e.origin().description() + ": ")) {
                    message = message.substring(e.origin().description().length() + 2);
                    if (e.origin().lineNumber() > 0) {
                        where += ", line " + e.origin().lineNumber();
                    }
                }
                throw new ConfigError(where + ": " + message, e);
            }
            layered = layered.withFallback(file);
        }
        rejectUnknownKeys(layered, reference);
        Config merged;
        try {
            merged = layered.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new ConfigError("config: " + e.getMessage(), e);
        }
        return merged;
    }

    private static Config overridesConfig(List<String> overrides, String root) {
        Config result = ConfigFactory.empty();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("override '" + override + "' is not of the form key=value");
            }
            String key = override.substring(0, eq).trim();
            if (key.startsWith(root + ".")) {
                key = key.substring(root.length() + 1);
            }
            try {
                // parse as HOCON so that numbers, booleans, durations and lists keep their types
                Config one = ConfigFactory.parseString(key + " = " + quoteIfNeeded(override.substring(eq + 1).trim()),
                        ConfigParseOptions.defaults().setOriginDescription("override " + override));
                result = one.withFallback(result);
            } catch (ConfigException e) {
                throw new ConfigError("override '" + override + "': " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** Values with characters HOCON would read as syntax (paths, URIs) are taken literally. */
    private static String quoteIfNeeded(String value) {
        if (value.startsWith("\"") || value.startsWith("[") || value.startsWith("{")) {
            return value;
        }
        if (value.matches("[A-Za-z0-9_.+\\-]*")) {
            return value.isEmpty() ? "\"\"" : value;
        }
        return ConfigValueFactory.fromAnyRef(value).render();
    }

    private static void openSections(ConfigObject object, String path, List<String> open) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            if (e.getValue() instanceof ConfigObject child) {
                String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (child.isEmpty()) {
                    open.add(childPath);
                } else {
                    openSections(child, childPath, open);
                }
            }
        }
    }

    private static void rejectUnknownKeys(Config given, Config reference) {
        Set<String> known = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            known.add(e.getKey());
        }
        // an empty object in the reference ("model-epochs {}") is a map: any key under it is allowed
        List<String> open = new ArrayList<>();
        openSections(reference.root(), "", open);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
            if (!known.contains(e.getKey()) && open.stream().noneMatch(prefix -> e.getKey().startsWith(prefix + "."))) {
                unknown.add(e.getKey() + suggestion(e.getKey(), known) + " (from " + e.getValue().origin().description() + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigError("unknown config key" + (unknown.size() > 1 ? "s: " : ": ") + String.join("; ", unknown));
        }
    }

    private static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = EditDistance.between(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }
}
