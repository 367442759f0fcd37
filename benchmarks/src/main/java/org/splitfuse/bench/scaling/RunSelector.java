package org.splitfuse.bench.scaling;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.splitfuse.core.config.ConfigError;

/**
 * Which measured runs a config key selects ({@code fit.runs}, {@code held-out.runs}): a list of
 * matchers, each an object of {@code method}, {@code network}, {@code k}, {@code width} (a value or a
 * list of values; a key left out matches anything). A run is selected when any matcher matches it,
 * e.g. {@code [{k = 2, network = [1gbit, 10gbit]}]}.
 */
final class RunSelector {

    private static final Set<String> KEYS = Set.of("method", "network", "k", "width");

    private final List<Map<String, List<String>>> matchers;
    private final String text;

    private RunSelector(List<Map<String, List<String>>> matchers, String text) {
        this.matchers = matchers;
        this.text = text;
    }

    static RunSelector from(Config config, String key) {
        List<Map<String, List<String>>> matchers = new ArrayList<>();
        List<? extends Config> list;
        try {
            list = config.getConfigList(key);
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigError("config key '" + key + "' must be a list of objects such as [{k = 2, network = [1gbit, 10gbit]}]");
        }
        List<String> shown = new ArrayList<>();
        for (Config m : list) {
            Map<String, List<String>> matcher = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : m.root().entrySet()) {
                if (!KEYS.contains(e.getKey())) {
                    throw new ConfigError("config key '" + key + "': unknown field '" + e.getKey()
                            + "' (a run is matched by method, network, k, width)");
                }
                List<String> values = new ArrayList<>();
                if (e.getValue().valueType() == ConfigValueType.LIST) {
                    ((List<?>) e.getValue().unwrapped()).forEach(v -> values.add(normal(key, e.getKey(), String.valueOf(v))));
                } else {
                    values.add(normal(key, e.getKey(), String.valueOf(e.getValue().unwrapped())));
                }
                matcher.put(e.getKey(), values);
            }
            matchers.add(matcher);
            shown.add(matcher.toString());
        }
        return new RunSelector(matchers, String.join(" or ", shown));
    }

    boolean matches(MeasuredRun run) {
        for (Map<String, List<String>> m : matchers) {
            if (ok(m, "method", run.method().id()) && ok(m, "network", run.network().name())
                    && ok(m, "k", Integer.toString(run.k())) && ok(m, "width", Double.toString(run.width()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return matchers.isEmpty() ? "none" : text;
    }

    private static boolean ok(Map<String, List<String>> m, String field, String value) {
        return !m.containsKey(field) || m.get(field).contains(value);
    }

    private static String normal(String key, String field, String value) {
        try {
            return switch (field) {
                case "method" -> Method.parse(value).id();
                case "network" -> Network.parse(value).name();
                case "k" -> Integer.toString(Integer.parseInt(value.trim()));
                default -> Double.toString(Double.parseDouble(value.trim()));
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key '" + key + "': " + field + " '" + value + "': " + e.getMessage().toLowerCase(Locale.ROOT));
        }
    }
}
