package org.splitfuse.spark;

import java.util.List;
import org.splitfuse.spark.exec.Traffic;

/**
 * One stage of the plan as report.json and the summary show it: wall time, what moved between
 * driver and executors during it, tasks (and failed attempts), and its models evaluated.
 */
record StageReport(String name, double seconds, Traffic.Snapshot traffic, List<ModelEvaluation> models) {
}
