package org.splitfuse.bench.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.contents;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.splitfuse.bench.BadInput;
import org.splitfuse.bench.ConfigVerbBadInputContract;

/** fusion-bench's bad configs, outputs and data: one line, exit 2, nothing trained or written, checkpoints kept. */
class FusionBenchBadInputTest extends ConfigVerbBadInputContract {

    @Override
    protected BadInput.Verb verb() {
        return FusionBench::command;
    }

    @Override
    protected String who() {
        return "splitfuse fusion-bench";
    }

    @Override
    protected String section() {
        return "fusion";
    }

    @Test
    void badKeysTypesAndValuesAreOneLineEach() throws Exception {
        fails(args("kss=[2]"), "kss", "did you mean 'ks'");
        fails(args("ks=[1]"), "at least 2");
        fails(args("shards=[iid, dirichlet]"), "dirichlet");
        fails(args("activation-samples=-1"), "activation-samples");
        fails(args("mean-rounds=-1"), "mean-rounds");
        fails(args("train.model-epochs.alexnet=2"), "train.model-epochs.alexnet", "unknown model 'alexnet'");
        assertEquals(List.of(), contents(dir), "nothing written");
    }
}
