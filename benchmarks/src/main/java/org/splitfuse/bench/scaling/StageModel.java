package org.splitfuse.bench.scaling;

import java.util.ArrayList;
import java.util.List;

/**
 * The cost model's equations: each stage of a plan as terms linear in the fitted coefficients
 * ({@link Term}), and its bytes over the bottleneck link from first principles. With N training
 * examples, K Workers, largest shard n = ceil(N/K), batch B, e training epochs, F / A / P the
 * forward FLOPs, activation elements and parameters per example of the full model (F', A', P' of
 * the pruned one), S the updater state, c the cores of a Worker and d the driver's, v = 4 bytes:
 *
 * <pre>
 * training, n' examples on a Worker:   FLOPS = n' 3F / c     ACTIVATIONS = n' 3A / c
 * paf/fap train:       n' = e n;        rounds 1;  bytes K v P            (the trained models back)
 * whole-data train:    n' = e N;        rounds 1;  bytes v P              (one Worker)
 * sync-dp[-f1] train:  n' = e n;        rounds R = e ceil(M / (K f)), M = sum of ceil(n_i / B) over the shards;
 *                                       bytes R 2 K v (P + S)            (parameters and updater state out and back)
 * sync-dp-gs train:    n' = e n;        rounds e;  bytes e ceil(n/B) 2 (K-1)/K v S g (ring all-reduce of the
 *                                       trainable parameters' update, S of them, a fraction g encoded; a Worker's link)
 * distributed tune, r rounds of t epochs of a model (F, A, P): n' = r t n, rounds r, bytes r 2 K v P
 * paf prune-each:      n' = r t n of the pruned model (local epochs);  PRUNE_WORK = (I + Q) F / c;
 *                      rounds 1;  bytes K v (P + P')
 * prune (driver):      PRUNE_WORK = (I + Q) F / d
 * fuse (driver):       FUSION_WORK = K (Z + Q) F_m / d    (F_m: the fused models', pruned for paf)
 * NETWORK = 8 bytes / bandwidth (0 over loopback)
 * </pre>
 * I importance samples, Q refit samples, Z activation-alignment samples, f the averaging frequency.
 */
final class StageModel {

    private final Workload w;
    private final ModelSizes sizes;

    StageModel(Workload workload, ModelSizes sizes) {
        this.w = workload;
        this.sizes = sizes;
    }

    Workload workload() {
        return w;
    }

    ModelSizes sizes() {
        return sizes;
    }

    /** The full model of the scenario. */
    ModelSize full(Scenario s) {
        return sizes.of(s.family(), s.width());
    }

    ModelSize pruned(Scenario s) {
        return sizes.of(s.family(), w.prunedWidth(s.width()));
    }

    /** Every stage of the scenario's plan, in order. */
    List<StageTerms> stages(Scenario s) {
        List<StageTerms> out = new ArrayList<>();
        for (String stage : s.method().stages()) {
            out.add(stage(s, stage));
        }
        return out;
    }

    StageTerms stage(Scenario s, String stage) {
        ModelSize full = full(s);
        ModelSize pruned = pruned(s);
        int k = s.k();
        long n = w.largestShard(k);
        int v = w.bytesPerValue();
        Builder b = new Builder(stage, s);
        Method m = s.method();
        switch (m.id() + "/" + stage) {
            case "paf/train", "fap/train" -> b.train(full, w.epochs() * (double) n).rounds(1).bytes((double) k * v * full.params());
            case "whole-data/train" -> b.train(full, w.epochs() * (double) w.trainExamples()).rounds(1).bytes((double) v * full.params());
            case "sync-dp/train", "sync-dp-f1/train" -> {
                long rounds = w.epochs() * w.averagingRounds(k, m == Method.SYNC_DP ? w.averagingFrequency() : w.averagingFrequencyF1());
                b.train(full, w.epochs() * (double) n).rounds(rounds)
                        .bytes(syncDpBytes(rounds, k, full));
            }
            case "sync-dp-gs/train" -> {
                double steps = w.epochs() * Math.ceil((double) n / w.batchSize());
                b.train(full, w.epochs() * (double) n).rounds(w.epochs())
                        .bytes(steps * 2.0 * (k - 1) / k * v * trainable(full) * w.gradientSharingFraction());
            }
            case "paf/prune-each" -> b.train(pruned, (double) w.tunePruneRounds() * w.tunePruneEpochs() * n)
                    .pruneWork((double) (w.importanceSamples() + w.repairSamples()) * full.flops() / s.workerCores())
                    .rounds(1).bytes((double) k * v * (full.params() + pruned.params()));
            case "paf/fuse" -> b.fusionWork((double) k * (w.fusionSamples() + w.repairSamples()) * pruned.flops() / s.driverCores());
            case "fap/fuse" -> b.fusionWork((double) k * (w.fusionSamples() + w.repairSamples()) * full.flops() / s.driverCores());
            case "paf/tune-fused" -> b.tune(pruned, w.tuneFusionRounds(), w.tuneFusionEpochs(), n);
            case "fap/tune-fused" -> b.tune(full, w.tuneFusionRounds(), w.tuneFusionEpochs(), n);
            case "fap/prune", "whole-data/prune", "sync-dp/prune", "sync-dp-f1/prune", "sync-dp-gs/prune" ->
                    b.pruneWork((double) (w.importanceSamples() + w.repairSamples()) * full.flops() / s.driverCores());
            case "fap/tune", "whole-data/tune", "sync-dp/tune", "sync-dp-f1/tune", "sync-dp-gs/tune" ->
                    b.tune(pruned, w.tunePruneRounds(), w.tunePruneEpochs(), n);
            default -> throw new IllegalArgumentException("no stage '" + stage + "' in a " + m.id() + " run");
        }
        return b.build();
    }

    /** Parameter averaging: every round the parameters and the updater state to each of K Workers and back. */
    double syncDpBytes(long rounds, int k, ModelSize model) {
        return rounds * 2.0 * k * w.bytesPerValue() * (model.params() + model.updaterState());
    }

    /** Trainable parameters: Nesterov momentum keeps one state value per trainable parameter. */
    private static long trainable(ModelSize m) {
        return m.updaterState() > 0 ? m.updaterState() : m.params();
    }

    /** Sums a stage's terms. */
    private final class Builder {
        private final String stage;
        private final Scenario s;
        private final double[] x = new double[Term.values().length];
        private double bytes;

        Builder(String stage, Scenario s) {
            this.stage = stage;
            this.s = s;
        }

        /** Training (forward and backward: 3x the forward pass) of {@code examples} on one Worker. */
        Builder train(ModelSize model, double examples) {
            x[Term.COMPUTE_FLOPS.ordinal()] += examples * 3.0 * model.flops() / s.workerCores();
            x[Term.COMPUTE_ACTIVATIONS.ordinal()] += examples * 3.0 * model.activations() / s.workerCores();
            return this;
        }

        /** A distributed fine-tune: r rounds, each t epochs on every shard, the model out to K Workers and back. */
        Builder tune(ModelSize model, int rounds, int epochs, long shard) {
            return train(model, (double) rounds * epochs * shard).rounds(rounds)
                    .bytes(rounds * 2.0 * s.k() * w.bytesPerValue() * model.params());
        }

        Builder pruneWork(double flopsPerCore) {
            x[Term.PRUNE_WORK.ordinal()] += flopsPerCore;
            return this;
        }

        Builder fusionWork(double flopsPerCore) {
            x[Term.FUSION_WORK.ordinal()] += flopsPerCore;
            return this;
        }

        Builder rounds(double rounds) {
            x[Term.ROUNDS.ordinal()] += rounds;
            return this;
        }

        Builder bytes(double b) {
            bytes += b;
            x[Term.NETWORK.ordinal()] = s.network().loopback() ? 0 : 8 * bytes / s.network().bitsPerSecond();
            return this;
        }

        StageTerms build() {
            return new StageTerms(stage, x.clone(), bytes);
        }
    }
}
