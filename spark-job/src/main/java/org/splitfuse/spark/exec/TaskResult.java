package org.splitfuse.spark.exec;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What a task sends back: one model's bytes, how long its work took, and where it ran. */
record TaskResult(int index, byte[] model, double seconds, String host) implements Serializable {

    /** A result from the executor this runs on; {@code startNanos} from {@link System#nanoTime()} at the work's start. */
    static TaskResult here(int index, byte[] model, long startNanos) throws UnknownHostException {
        return new TaskResult(index, model, (System.nanoTime() - startNanos) / 1e9, InetAddress.getLocalHost().getHostName());
    }
}
