package org.splitfuse.bench.scaling;

/**
 * What the cost model needs to know about one network, per example of its input.
 *
 * @param params       parameters (BatchNorm statistics included: they travel with the model)
 * @param updaterState values of the training updater's state (Nesterov momentum: one per trainable parameter)
 * @param flops        forward FLOPs per example (2 per multiply-accumulate of conv and dense layers, NetworkCost)
 * @param activations  forward activation elements per example, summed over every layer's output: the
 *                     memory-bound work (BatchNorm, ReLU, pooling, the copies) that grows with the width, not its square
 */
record ModelSize(long params, long updaterState, long flops, long activations) {
}
