package org.splitfuse.spark.output;

import org.splitfuse.core.UserError;

/** The output location cannot be used: reported as one line, before the run starts. */
public final class OutputError extends IllegalArgumentException implements UserError {
    public OutputError(String message) {
        super(message);
    }
}
