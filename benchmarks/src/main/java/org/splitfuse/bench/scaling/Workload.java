package org.splitfuse.bench.scaling;

import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;

/**
 * The settings every run shares (configs/split-data-vgg11.conf), which the stage equations count
 * work and bytes with.
 *
 * @param family               the measured runs' model family (each run gives its width)
 * @param trainExamples        N, the training set cut into K iid shards
 * @param tunePruneRounds      rounds of the fine-tune after pruning (PaF: local epochs on each shard)
 * @param gradientSharingFraction sync-dp-gs: the encoded update's size as a fraction of the dense gradient
 * @param bytesPerValue        4: float32 parameters and updater state
 */
record Workload(ModelFamily family, InputShape input, int classes, int trainExamples, int batchSize, int epochs,
                int tunePruneRounds, int tunePruneEpochs, int tuneFusionRounds, int tuneFusionEpochs, double sparsity,
                int fusionSamples, int repairSamples, int importanceSamples, int averagingFrequency,
                int averagingFrequencyF1, double gradientSharingFraction, int bytesPerValue) {

    /** Shard {@code i}'s examples: N/K, the first N mod K shards one more. */
    long shard(int k, int i) {
        return trainExamples / k + (i < trainExamples % k ? 1 : 0);
    }

    /** The largest shard: the slowest Worker's examples per epoch. */
    long largestShard(int k) {
        return shard(k, 0);
    }

    /** Minibatches per epoch over all K shards (each shard cut into its own minibatches). */
    long minibatches(int k) {
        long total = 0;
        for (int i = 0; i < k; i++) {
            total += (shard(k, i) + batchSize - 1) / batchSize;
        }
        return total;
    }

    /** dl4j-spark's averaging rounds per epoch: ceil(minibatches / (K x frequency)). */
    long averagingRounds(int k, int frequency) {
        return (minibatches(k) + (long) k * frequency - 1) / ((long) k * frequency);
    }

    /** The pruned model's width: every group keeps (1 - sparsity) of its channels. */
    double prunedWidth(double width) {
        return width * (1 - sparsity);
    }
}
