package org.splitfuse.bench.splitdata;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;

/**
 * The split-data benchmark's configuration (split-data-reference.conf documents every key).
 * Methods are names of {@code configs} entries (paf, sync-dp-f1, ...): each runs the job on its config.
 */
record SplitDataSettings(List<String> methods, Map<String, Path> configs, List<String> jobOverrides,
                         boolean reuseCheckpoints, boolean reuseRuns, int repeats, Path runDir, Path outputDir,
                         EmulatedCluster.Network network) {

    /** Where run {@code run} (1-based) of a method goes: the first in {@code <run-dir>/<method>}, later ones beside it. */
    Path runDir(String method, int run) {
        return runDir.resolve(run == 1 ? method : method + ".run" + run);
    }

    static SplitDataSettings from(Config c) {
        Settings s = new Settings(c);
        Map<String, Path> configs = new LinkedHashMap<>();
        for (String method : c.getConfig("configs").root().keySet()) {
            if (!method.matches("[a-z][a-z0-9-]*")) {
                throw new ConfigError("config key 'configs." + method + "': a method's name is lowercase letters, digits and '-'");
            }
            configs.put(method, Path.of(c.getString("configs." + method)));
        }
        List<String> methods = c.getStringList("methods");
        if (methods.isEmpty()) {
            throw new ConfigError("config key 'methods': no method to run");
        }
        for (String m : methods) {
            if (!configs.containsKey(m)) {
                throw new ConfigError("config key 'methods': no configs." + m + " to run it with (configs: "
                        + String.join(", ", configs.keySet()) + ")");
            }
            if (!configs.get(m).toFile().isFile()) {
                throw new ConfigError("config key 'configs." + m + "': no such file " + configs.get(m));
            }
        }
        String rate = s.string("network.rate").trim().toLowerCase(java.util.Locale.ROOT);
        if (!rate.isEmpty() && !rate.matches("[1-9][0-9]*(kbit|mbit|gbit)")) {
            throw new ConfigError("config key 'network.rate': '" + rate + "' is not a link rate such as 1gbit, 10gbit or 100mbit"
                    + " (empty: no emulated network, the runs share one JVM)");
        }
        double cpus = c.getDouble("network.worker-cpus");
        if (cpus < 0) {
            throw new ConfigError("config key 'network.worker-cpus': must be > 0 (or 0: the machine's cores / K), got " + cpus);
        }
        String name = s.string("network.name");
        if (!name.matches("[a-z][a-z0-9]{0,7}")) {
            throw new ConfigError("config key 'network.name': 1-8 lowercase letters and digits starting with a letter, got '" + name + "'");
        }
        String subnet = s.string("network.subnet");
        if (!subnet.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new ConfigError("config key 'network.subnet': the first three numbers of a /24 such as 10.213.0, got '" + subnet + "'");
        }
        int repeats = c.getInt("repeats");
        if (repeats < 1) {
            throw new ConfigError("config key 'repeats': runs of each method, at least 1, got " + repeats);
        }
        return new SplitDataSettings(List.copyOf(methods), Map.copyOf(configs), c.getStringList("job-overrides"),
                s.bool("reuse-checkpoints"), s.bool("reuse-runs"), repeats, Path.of(s.string("run-dir")), Path.of(s.string("output-dir")),
                new EmulatedCluster.Network(rate, cpus, name, subnet));
    }
}
