package org.splitfuse.core.plan;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where a task's lines go and how often its training reports progress (the job's
 * train.progress-interval): what every {@link ShardSteps} step prints with. It does not change
 * what a task computes.
 */
public record TaskLog(Consumer<String> out, Duration progressInterval) {

    public TaskLog {
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("progress interval must be >= 0, got " + progressInterval);
        }
    }

    public long progressMillis() {
        return progressInterval.toMillis();
    }
}
