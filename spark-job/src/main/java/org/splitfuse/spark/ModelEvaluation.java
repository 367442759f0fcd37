package org.splitfuse.spark;

/** One evaluated model of the run, as shown in the summary and report.json. */
record ModelEvaluation(String name, long parameters, long flops, double testAccuracy, double testLoss) {

    /** The same evaluation under another name (a stage's, for the model of its last round). */
    ModelEvaluation named(String other) {
        return new ModelEvaluation(other, parameters, flops, testAccuracy, testLoss);
    }
}
