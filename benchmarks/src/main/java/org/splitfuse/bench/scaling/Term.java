package org.splitfuse.bench.scaling;

import java.util.Locale;

/** The cost model's terms: what each coefficient multiplies, and the coefficient's unit. */
enum Term {
    /** Training FLOPs on a Worker / its cores; the coefficient is seconds per FLOP on one core. */
    COMPUTE_FLOPS("compute (FLOPs)", "training FLOPs per Worker / cores per Worker", "GFLOP/s per core (1 / coefficient)"),
    /** Activation elements a Worker's training touches / its cores: the memory-bound part. */
    COMPUTE_ACTIVATIONS("compute (activations)", "activation elements touched per Worker / cores per Worker",
            "ns per element on one core"),
    /** Bits over the bottleneck link / its bandwidth: the coefficient is 1 at line rate. */
    NETWORK("communication", "bytes over the driver's link x 8 / link bandwidth (s)", "x line-rate time (1 = line rate)"),
    /** Spark jobs and averaging rounds: scheduling, task launch, (de)serialising the model, latency. */
    ROUNDS("per-round overhead", "rounds (Spark jobs: averaging rounds, fine-tune rounds, one per training stage)",
            "s per round"),
    /** Pruning's forward passes (importance, the refit) and its OT, on the driver (PaF: on each Worker). */
    PRUNE_WORK("pruning work", "forward FLOPs of pruning (importance + refit samples) / cores where it runs",
            "GFLOP/s per core (1 / coefficient)"),
    /** Fusion on the driver: K models' activations on the alignment and refit samples, the OT alignments, the refit. */
    FUSION_WORK("fusion work (driver)", "forward FLOPs of fusion (K models x (alignment + refit samples)) / driver cores",
            "GFLOP/s per core (1 / coefficient)");

    private final String label;
    private final String multiplies;
    private final String unit;

    Term(String label, String multiplies, String unit) {
        this.label = label;
        this.multiplies = multiplies;
        this.unit = unit;
    }

    String label() {
        return label;
    }

    String multiplies() {
        return multiplies;
    }

    String unit() {
        return unit;
    }

    /** The coefficient in its reported unit. */
    String show(double c) {
        return switch (this) {
            case COMPUTE_FLOPS, PRUNE_WORK, FUSION_WORK -> c > 0 ? String.format(Locale.ROOT, "%.3g", 1e-9 / c) : "unbounded (coefficient 0)";
            case COMPUTE_ACTIVATIONS -> String.format(Locale.ROOT, "%.3g", c * 1e9);
            case NETWORK -> String.format(Locale.ROOT, "%.3g", c);
            case ROUNDS -> String.format(Locale.ROOT, "%.3g", c);
        };
    }
}
