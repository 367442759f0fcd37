package org.splitfuse.core.config;

import org.splitfuse.core.UserError;

/** A problem with a configuration (the job's or a benchmark verb's): reported as one line, before anything runs. */
public final class ConfigError extends IllegalArgumentException implements UserError {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
