package org.splitfuse.bench.train;

/** One repetition of one phase: throughput and the resident set of the process at its end. */
record Measurement(double examplesPerSecond, double rssMb) {
}
