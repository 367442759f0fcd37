package org.splitfuse.bench.datafree;

/**
 * One cell: a model (the checkpoint trained from {@code seed}) pruned in one group (or "all") at one
 * sparsity by one method; "original" is the unpruned model, whose row also records the model's
 * training epochs and how many test examples each of its pruned cells was evaluated on (0 in cell rows).
 */
record DataFreeResult(String model, long seed, String group, double sparsity, String method, double accuracy,
                      double logitL2, int epochs, int evalExamples) {

    static DataFreeResult original(String model, long seed, double accuracy, int epochs, int evalExamples) {
        return new DataFreeResult(model, seed, "none", 0, "original", accuracy, 0, epochs, evalExamples);
    }

    static DataFreeResult cell(String model, long seed, String group, double sparsity, String method, double accuracy,
                               double logitL2) {
        return new DataFreeResult(model, seed, group, sparsity, method, accuracy, logitL2, 0, 0);
    }

    /** The checkpoint the row belongs to, as {@code model,seed}. */
    String checkpoint() {
        return model + "," + seed;
    }
}
