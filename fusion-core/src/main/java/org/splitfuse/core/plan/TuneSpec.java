package org.splitfuse.core.plan;

import java.io.Serializable;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * A fine-tune: {@code rounds} rounds of {@code epochsPerRound} epochs. Distributed, each round
 * trains a copy of the model on every shard and averages the copies (they share a starting
 * point, so plain averaging is right); on one shard (PaF's per-model tune) the rounds are simply
 * consecutive. Zero rounds: no fine-tune.
 */
public record TuneSpec(int rounds, int epochsPerRound, OptimizerSpec optimizer) implements Serializable {

    public TuneSpec {
        if (rounds < 0 || epochsPerRound < 1) {
            throw new IllegalArgumentException("fine-tune needs rounds >= 0 and epochs per round >= 1, got "
                    + rounds + " x " + epochsPerRound);
        }
    }

    public static TuneSpec none(OptimizerSpec optimizer) {
        return new TuneSpec(0, 1, optimizer);
    }

    public int epochs() {
        return rounds * epochsPerRound;
    }
}
