package org.splitfuse.spark.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.splitfuse.core.config.ConfigError;

/**
 * The path rules of a run. Every location is resolved once, on the driver, to an absolute URI
 * qualified by its Hadoop FileSystem (a relative path against the default file system's working
 * directory: file:/abs/path, or hdfs://namenode:port/user/... where fs.defaultFS is HDFS), so
 * that the tasks, wherever they run, get the same absolute locations.
 */
public final class Locations {

    /** output.checkpoints = auto: the directory "checkpoints" beside the output directory. */
    public static final String AUTO = "auto";

    private Locations() {
    }

    /**
     * {@code config} with its output and checkpoint locations resolved and the data at
     * {@code dataUri} (found by the data layer: {@code JobData.locate}, which may download it).
     */
    public static JobConfig resolve(JobConfig config, Configuration conf, String dataUri) {
        String output = qualify("output.uri", config.output().uri(), conf);
        return config.withLocations(output, checkpoints(config.output().checkpoints(), output, conf), dataUri);
    }

    /** {@code location} as an absolute, qualified URI; a bad one is a {@link ConfigError} naming {@code key}. */
    public static String qualify(String key, String location, Configuration conf) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf);
            return fs.makeQualified(path).toString();
        } catch (IllegalArgumentException | IOException e) {
            throw new ConfigError("config key '" + key + "': '" + location + "' is not a usable location: " + e.getMessage(), e);
        }
    }

    /**
     * Where checkpoints go: "" = none; {@value #AUTO} = {@code <parent of the output>/checkpoints},
     * on the shared file system the output is on, so that a rerun with a new {time} output finds
     * them; anything else qualified like every location.
     */
    public static String checkpoints(String configured, String qualifiedOutput, Configuration conf) {
        if (configured.isEmpty()) {
            return "";
        }
        if (configured.equals(AUTO)) {
            Path parent = new Path(qualifiedOutput).getParent();
            if (parent == null) {
                throw new ConfigError("config key 'output.checkpoints': auto needs an output.uri with a parent directory, got "
                        + qualifiedOutput);
            }
            return new Path(parent, "checkpoints").toString();
        }
        return qualify("output.checkpoints", configured, conf);
    }

    /** True for the masters whose executors run in this JVM (local, local[N], local[N,F]) or on this host (local-cluster). */
    public static boolean localMaster(String master) {
        return master.toLowerCase(Locale.ROOT).startsWith("local");
    }

    /**
     * The one warning line for a master whose executors may run on other machines while the data
     * they read or the checkpoints they write are on this machine's file system; empty when
     * there is nothing to say. A warning, not an error: a single-host cluster shares its files.
     *
     * @param checkpoints "" when off
     */
    public static Optional<String> warning(String master, String data, String checkpoints) {
        if (localMaster(master)) {
            return Optional.empty();
        }
        List<String> local = new ArrayList<>();
        if (isLocalFile(data)) {
            local.add("the data (" + data + ")");
        }
        if (!checkpoints.isEmpty() && isLocalFile(checkpoints)) {
            local.add("the checkpoints (" + checkpoints + ")");
        }
        if (local.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("splitfuse: warning: master " + master + " may run executors on other machines, but "
                + String.join(" and ", local) + (local.size() > 1 ? " are" : " is")
                + " on this machine's file system, which they may not see: use hdfs:// or a mount every machine shares");
    }

    private static boolean isLocalFile(String uri) {
        String scheme = new Path(uri).toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }
}
