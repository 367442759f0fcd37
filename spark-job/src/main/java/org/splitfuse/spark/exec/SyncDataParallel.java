package org.splitfuse.spark.exec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.model.NativeHelpers;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.train.NativeThreads;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/**
 * The baseline Split-Data replaces: one model trained synchronously over all shards with
 * dl4j-spark's ParameterAveragingTrainingMaster (every worker trains averaging-frequency
 * minibatches, then the driver averages the parameters and updater state and broadcasts them).
 * After each epoch the driver's network (the averaged parameters) goes to {@code afterEpoch}
 * (the plan's round listener: report.curve).
 */
final class SyncDataParallel {

    private SyncDataParallel() {
    }

    static ComputationGraph train(JavaSparkContext sc, JobConfig config, RunRules rules, JobData data, int epochs,
                                  Traffic traffic, Consumer<String> log, ObjIntConsumer<ComputationGraph> afterEpoch) {
        int k = data.shardCount();
        int batch = config.train().batchSize();
        int frequency = config.plan().averagingFrequency();
        ComputationGraph net = ModelZoo.build(rules.model(data.modelSpec(), 0), config.train().optimizer());
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(k, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(frequency)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .repartionData(Repartition.Never) // each worker keeps the shard it read; no data moves
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(config.train().shuffleSeed())
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, master);
        List<Integer> shards = new ArrayList<>();
        long minibatches = 0;
        for (int s = 0; s < k; s++) {
            shards.add(s);
            minibatches += (data.shard(s).size() + batch - 1) / batch;
        }
        // per averaging round: parameters and updater state broadcast to every worker (float32)
        INDArray state = net.getUpdater().getStateViewArray();
        long payload = 4L * (net.numParams() + (state == null ? 0 : state.length()));
        long rounds = (minibatches + (long) k * frequency - 1) / ((long) k * frequency);
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            JavaRDD<DataSet> batches = sc.parallelize(shards, k).flatMap(new Minibatches(data, rules, batch, e));
            // dl4j-spark splits the epoch into one random split per averaging round, and every split
            // computes its parent partition again: without the cache each round rebuilt the shard's
            // whole epoch of minibatches (about 3 s of a 4 s round on a one-core executor). Cached,
            // each executor builds its shard's epoch once, where it lives (Repartition.Never).
            batches.persist(StorageLevel.MEMORY_ONLY());
            spark.fit(batches);
            batches.unpersist(false);
            traffic.sent(rounds * k * payload);
            log.accept(String.format(Locale.ROOT, "[sync-dp] epoch %d/%d: %d averaging rounds over %d workers in %.1f s",
                    e + 1, epochs, rounds, k, (System.nanoTime() - start) / 1e9));
            afterEpoch.accept(spark.getNetwork(), e + 1);
        }
        return spark.getNetwork();
    }

    /**
     * On an executor: its shard's minibatches, shuffled per epoch, read from storage (no data
     * travels). dl4j-spark trains on them in the same task thread, so the thread rule is set here.
     */
    private static final class Minibatches implements FlatMapFunction<Integer, DataSet> {
        private final JobData data;
        private final RunRules rules;
        private final int batch;
        private final int epoch;

        Minibatches(JobData data, RunRules rules, int batch, int epoch) {
            this.data = data;
            this.rules = rules;
            this.batch = batch;
            this.epoch = epoch;
        }

        @Override
        public Iterator<DataSet> call(Integer shard) {
            NativeThreads.use(rules.threads());
            // dl4j-spark builds the executor's copy of the network from its configuration, not
            // through ModelZoo, so nothing else turns oneDNN on in an executor's JVM (without it, a
            // one-core executor trained about 4x slower than the same task in the driver's JVM)
            NativeHelpers.enable();
            LabeledImages images = data.shard(shard);
            DataSetIterator it = images.iterator(batch, rules.syncEpochSeed(epoch, shard));
            List<DataSet> out = new ArrayList<>();
            while (it.hasNext()) {
                out.add(it.next());
            }
            return out.iterator();
        }
    }
}
