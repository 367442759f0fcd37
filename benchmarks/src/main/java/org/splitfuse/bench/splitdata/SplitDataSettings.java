package org.splitfuse.bench.splitdata;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splitfuse.core.plan.PlanKind;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;

/** The split-data benchmark's configuration (split-data-reference.conf documents every key). */
record SplitDataSettings(List<String> methods, Map<String, Path> configs, List<String> jobOverrides,
                         boolean reuseCheckpoints, Path runDir, Path outputDir) {

    static SplitDataSettings from(Config c) {
        Settings s = new Settings(c);
        Map<String, Path> configs = new LinkedHashMap<>();
        for (String method : c.getConfig("configs").root().keySet()) {
            try {
                configs.put(PlanKind.parse(method).id(), Path.of(c.getString("configs." + method)));
            } catch (IllegalArgumentException e) {
                throw new ConfigError("config key 'configs." + method + "': " + e.getMessage());
            }
        }
        List<String> methods = c.getStringList("methods").stream().map(m -> {
            try {
                return PlanKind.parse(m).id();
            } catch (IllegalArgumentException e) {
                throw new ConfigError("config key 'methods': " + e.getMessage());
            }
        }).toList();
        for (String m : methods) {
            if (!configs.containsKey(m)) {
                throw new ConfigError("config key 'methods': no configs." + m + " to run it with");
            }
            if (!configs.get(m).toFile().isFile()) {
                throw new ConfigError("config key 'configs." + m + "': no such file " + configs.get(m));
            }
        }
        return new SplitDataSettings(methods, Map.copyOf(configs), c.getStringList("job-overrides"),
                s.bool("reuse-checkpoints"), Path.of(s.string("run-dir")), Path.of(s.string("output-dir")));
    }
}
