package org.splitfuse.bench.datafree;

/** One cell: a model pruned in one group (or "all") at one sparsity by one method; "original" is the unpruned model. */
record DataFreeResult(String model, String group, double sparsity, String method, double accuracy, double logitL2) {
}
