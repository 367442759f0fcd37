package org.splitfuse.bench.scaling;

import org.splitfuse.core.model.ModelFamily;

/**
 * One run, measured or projected: a method on K Workers (K shards), a model at a width, the links'
 * bandwidth, and the cores a Worker and the driver have.
 */
record Scenario(Method method, ModelFamily family, double width, int k, Network network, double workerCores,
                double driverCores) {
}
