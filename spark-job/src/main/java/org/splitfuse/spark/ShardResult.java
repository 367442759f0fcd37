package org.splitfuse.spark;

import java.io.Serializable;

/** What an executor sends back for one shard: the trained model's bytes and how training went. */
record ShardResult(int shard, byte[] model, long examples, double trainSeconds, String host)
        implements Serializable {
}
