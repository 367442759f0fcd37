package org.splitfuse.spark.config;

/** A problem with the job's configuration: reported as one line, before anything runs. */
public final class ConfigError extends IllegalArgumentException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
