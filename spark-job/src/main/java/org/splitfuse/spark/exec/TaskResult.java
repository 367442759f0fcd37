package org.splitfuse.spark.exec;

import java.io.Serializable;

/** What a task sends back: one model's bytes, how long its work took, and where it ran. */
record TaskResult(int index, byte[] model, double seconds, String host) implements Serializable {
}
