package org.splitfuse.spark.output;

/** The output location cannot be used: reported as one line, before the run starts. */
public final class OutputError extends IllegalArgumentException {
    public OutputError(String message) {
        super(message);
    }
}
