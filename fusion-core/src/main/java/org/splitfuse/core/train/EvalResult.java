package org.splitfuse.core.train;

import java.io.Serializable;

/** Accuracy in [0, 1], mean cross-entropy, and the number of examples seen. */
public record EvalResult(double accuracy, double loss, long examples) implements Serializable {
}
