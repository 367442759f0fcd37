package org.splitfuse.spark;

/** One evaluated model of the run, as shown in the summary and report.json. */
record ModelEvaluation(String name, long parameters, long flops, double testAccuracy, double testLoss) {
}
