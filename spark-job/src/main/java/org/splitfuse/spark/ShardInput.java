package org.splitfuse.spark;

import java.io.Serializable;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelSpec;

/** One shard as it travels to an executor: its examples and the spec of the model to train. */
record ShardInput(int shard, LabeledImages data, ModelSpec modelSpec) implements Serializable {

    long size() {
        return data.size();
    }

    DataSetIterator iterator(int batchSize, long shuffleSeed) {
        return data.iterator(batchSize, shuffleSeed);
    }
}
