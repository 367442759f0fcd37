package org.splitfuse.core.data;

/** A training and a test set, the test set normalised with the training set's statistics. */
public record TrainTest(LabeledImages train, LabeledImages test) {
}
