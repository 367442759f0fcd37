package org.splitfuse.spark.config;

import org.splitfuse.core.UserError;

/** A problem with the job's configuration: reported as one line, before anything runs. */
public final class ConfigError extends IllegalArgumentException implements UserError {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
