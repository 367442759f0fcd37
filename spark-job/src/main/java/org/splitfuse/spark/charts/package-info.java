/**
 * The project's charts (JFreeChart, drawn headless to PNG): the shared look and axes
 * ({@link org.splitfuse.spark.charts.Style}, {@link org.splitfuse.spark.charts.Axes}), the chart
 * kinds ({@link org.splitfuse.spark.charts.Panels}), multi-panel figures with a caption
 * ({@link org.splitfuse.spark.charts.Figure}), method and model names in words
 * ({@link org.splitfuse.spark.charts.Names}), and the figures the job and the sweeps write: a
 * run's report.png ({@link org.splitfuse.spark.charts.RunPlot}), a sweep's plots
 * ({@link org.splitfuse.spark.charts.SweepPlots}), the training-speed benchmark's
 * ({@link org.splitfuse.spark.charts.TrainBenchPlot}). The benchmarks draw theirs with the same classes.
 */
package org.splitfuse.spark.charts;
