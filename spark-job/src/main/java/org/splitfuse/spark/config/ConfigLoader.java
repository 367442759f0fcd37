package org.splitfuse.spark.config;

import java.io.File;
import java.util.List;
import org.splitfuse.core.config.LayeredConfig;

/**
 * The job's configuration: spark-job's reference.conf (in the jar) &lt; a config file &lt; key=value
 * overrides (see {@link LayeredConfig}), turned into an immutable {@link JobConfig}.
 */
public final class ConfigLoader {

    static final String ROOT = "splitfuse";

    private ConfigLoader() {
    }

    public static JobConfig load(File configFile, List<String> overrides) {
        return JobConfig.from(LayeredConfig.load("reference.conf", ROOT, configFile, overrides));
    }
}
