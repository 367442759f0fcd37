package org.splitfuse.bench.datafree;

/**
 * One cell: a model pruned in one group (or "all") at one sparsity by one method; "original" is the
 * unpruned model, whose row also records the model's training epochs and how many test examples
 * each of its pruned cells was evaluated on (0 in cell rows).
 */
record DataFreeResult(String model, String group, double sparsity, String method, double accuracy, double logitL2,
                      int epochs, int evalExamples) {

    static DataFreeResult original(String model, double accuracy, int epochs, int evalExamples) {
        return new DataFreeResult(model, "none", 0, "original", accuracy, 0, epochs, evalExamples);
    }

    static DataFreeResult cell(String model, String group, double sparsity, String method, double accuracy, double logitL2) {
        return new DataFreeResult(model, group, sparsity, method, accuracy, logitL2, 0, 0);
    }
}
