package org.splitfuse.spark;

import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.spark.config.JobConfig;
import scala.Tuple2;

/** Starts Spark: the configured master, else spark-submit's, else embedded local[*,4]. */
final class SparkContexts {

    private SparkContexts() {
    }

    /** The SparkConf a run starts Spark with; its spark.master is the one the run will get. */
    static SparkConf conf(JobConfig.SparkSettings settings) {
        SparkConf conf = new SparkConf().setAppName(settings.appName());
        if (!settings.master().isEmpty()) {
            conf.setMaster(settings.master());
        } else if (!conf.contains("spark.master")) {
            // local[N, F]: up to F attempts per task (plain local[N] never retries a failed task)
            conf.setMaster("local[*,4]");
        }
        checkMaster(conf.get("spark.master"), settings.master().isEmpty() ? "spark.master (from spark-submit)"
                : "config key 'spark.master'");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            // embedded Spark talks to itself only: keep it on the loopback interface
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // executors on a cluster: return released native buffers to the system (see NativeMemoryGuard):
        // jemalloc, and glibc's fixed mmap threshold where the library is missing (ld.so then says so)
        conf.setIfMissing("spark.executorEnv.LD_PRELOAD", JEMALLOC);
        // large freed blocks decay like the others instead of being unmapped at once (bin/splitfuse)
        conf.setIfMissing("spark.executorEnv.MALLOC_CONF", "oversize_threshold:0");
        conf.setIfMissing("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "131072");
        conf.setIfMissing("spark.executorEnv.MALLOC_ARENA_MAX", "2");
        // one shard model per task: a failed task is retried on its own, the others are kept
        conf.setIfMissing("spark.task.maxFailures", "4");
        return conf;
    }

    /** Debian's and Ubuntu's libjemalloc2 (docs/results/memory.md); spark.executorEnv.LD_PRELOAD overrides it. */
    static final String JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    /** The master URL forms Spark 3.5 accepts; anything else would fail inside Spark with an ERROR and a trace. */
    private static final Pattern MASTER = Pattern.compile(String.join("|",
            "local", "local\\[\\s*([1-9]\\d*|\\*)\\s*]", "local\\[\\s*([1-9]\\d*|\\*)\\s*,\\s*[1-9]\\d*\\s*]",
            "local-cluster\\[\\s*[1-9]\\d*\\s*,\\s*[1-9]\\d*\\s*,\\s*[1-9]\\d*\\s*]",
            "spark://\\S+", "yarn", "k8s://\\S+", "mesos://\\S+"));

    static final String MASTER_FORMS = "local, local[N], local[N,F], local[*], local[*,F], local-cluster[N,C,M], "
            + "spark://HOST:PORT, yarn, k8s://URL or mesos://URL";

    /** Refuses a master URL Spark cannot parse, before anything starts. */
    static void checkMaster(String master, String what) {
        if (!MASTER.matcher(master).matches()) {
            throw new ConfigError(what + ": '" + master + "' is not a Spark master URL; use " + MASTER_FORMS);
        }
    }

    static JavaSparkContext start(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            // a form the check above let through but Spark still refuses: the same one line
            if (e.getMessage() != null && e.getMessage().startsWith("Could not parse Master URL")) {
                throw new ConfigError("spark.master: '" + conf.get("spark.master") + "' is not a Spark master URL ("
                        + e.getMessage() + "); use " + MASTER_FORMS, e);
            }
            throw e;
        }
    }

    /**
     * The Hadoop configuration Spark will give the run (the defaults plus spark.hadoop.*), for
     * resolving locations before Spark starts.
     */
    static Configuration hadoopConf(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(kv._1(), kv._2());
        }
        return hadoop;
    }
}
