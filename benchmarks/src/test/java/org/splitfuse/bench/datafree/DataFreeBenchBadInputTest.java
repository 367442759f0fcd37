package org.splitfuse.bench.datafree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.contents;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.splitfuse.bench.BadInput;
import org.splitfuse.bench.ConfigVerbBadInputContract;

/** data-free-bench's bad configs, outputs and data: one line, exit 2, nothing trained or written, checkpoints kept. */
class DataFreeBenchBadInputTest extends ConfigVerbBadInputContract {

    @Override
    protected BadInput.Verb verb() {
        return DataFreeBench::command;
    }

    @Override
    protected String who() {
        return "splitfuse data-free-bench";
    }

    @Override
    protected String section() {
        return "data-free";
    }

    @Test
    void badKeysTypesAndValuesAreOneLineEach() throws Exception {
        fails(args("sparsites=[0.5]"), "sparsites", "did you mean 'sparsities'");
        fails(args("sparsities=[1.0]"), "sparsities", "[0, 1)");
        fails(args("sparsities=[NaN]"), "sparsities");
        fails(args("methods=[default, if-magic]"), "if-magic");
        assertEquals(List.of(), contents(dir), "nothing written");
    }
}
