package org.splitfuse.spark.exec;

import java.net.DatagramSocket;
import java.net.SocketException;
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
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;
import org.nd4j.parameterserver.distributed.v2.transport.impl.StaticPortSupplier;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.model.NativeHelpers;
import org.splitfuse.core.plan.RunRules;
import org.splitfuse.core.train.NativeThreads;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/**
 * The baseline Split-Data replaces: one model trained synchronously over all shards with one of
 * dl4j-spark's training masters ({@code sync-dp.master}):
 * <ul>
 * <li>parameter-averaging: ParameterAveragingTrainingMaster; every worker trains averaging-frequency
 *     minibatches, then the driver averages the parameters and updater state and broadcasts them.</li>
 * <li>gradient-sharing: SharedTrainingMaster (dl4j-spark-parameterserver 1.0.0-M2); every worker
 *     trains its minibatches and, after each, sends its threshold-encoded update (AdaptiveThreshold
 *     Algorithm, the residual kept for later) to the driver and the other workers over an Aeron UDP
 *     transport of its own, outside Spark; every worker applies every update it receives.</li>
 * </ul>
 * After each epoch the driver's network goes to {@code afterEpoch} (the plan's round listener:
 * report.curve).
 */
final class SyncDataParallel {

    private SyncDataParallel() {
    }

    static ComputationGraph train(JavaSparkContext sc, JobConfig config, RunRules rules, JobData data, int epochs,
                                  Traffic traffic, Consumer<String> log, ObjIntConsumer<ComputationGraph> afterEpoch) {
        int k = data.shardCount();
        int batch = config.train().batchSize();
        ComputationGraph net = ModelZoo.build(rules.model(data.modelSpec(), 0), config.train().optimizer());
        boolean sharing = config.plan().syncMaster() == JobConfig.SyncMaster.GRADIENT_SHARING;
        TrainingMaster<?, ?> master = sharing ? gradientSharing(sc, config, k, batch, log)
                : parameterAveraging(config, k, batch);
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, master);
        List<Integer> shards = new ArrayList<>();
        long minibatches = 0;
        for (int s = 0; s < k; s++) {
            shards.add(s);
            minibatches += (data.shard(s).size() + batch - 1) / batch;
        }
        // Traffic accounting (float32 parameters and updater state, what the driver broadcasts):
        // parameter-averaging: per averaging round, parameters and updater state broadcast to every
        //   worker (their results coming back are task results, which Traffic's listener counts).
        // gradient-sharing: per fit (one per epoch), the model and updater state broadcast to every
        //   worker once (the workers' final updater state comes back as task results, counted by the
        //   listener). The gradient updates themselves (threshold-encoded, sizes chosen as training
        //   goes by the adaptive threshold) travel over dl4j's own Aeron UDP transport, worker to
        //   driver and worker to worker: Spark does not see them, and neither does this count, so
        //   the report's bytes moved for this stage are a lower bound. Count them on the network
        //   interfaces (UDP port sync-dp.gradient-sharing.port).
        INDArray state = net.getUpdater().getStateViewArray();
        long payload = 4L * (net.numParams() + (state == null ? 0 : state.length()));
        int frequency = config.plan().averagingFrequency();
        long rounds = sharing ? 1 : (minibatches + (long) k * frequency - 1) / ((long) k * frequency);
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
            double seconds = (System.nanoTime() - start) / 1e9;
            log.accept(sharing
                    ? String.format(Locale.ROOT, "[sync-dp] epoch %d/%d: %d minibatches over %d workers, gradients "
                            + "shared over UDP, in %.1f s", e + 1, epochs, minibatches, k, seconds)
                    : String.format(Locale.ROOT, "[sync-dp] epoch %d/%d: %d averaging rounds over %d workers in %.1f s",
                            e + 1, epochs, rounds, k, seconds));
            afterEpoch.accept(spark.getNetwork(), e + 1);
        }
        return spark.getNetwork();
    }

    private static ParameterAveragingTrainingMaster parameterAveraging(JobConfig config, int k, int batch) {
        return new ParameterAveragingTrainingMaster.Builder(k, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(config.plan().averagingFrequency())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .repartionData(Repartition.Never) // each worker keeps the shard it read; no data moves
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(config.train().shuffleSeed())
                .build();
    }

    /**
     * SharedTrainingMaster on the driver's address (sync-dp.gradient-sharing.controller-address, else
     * spark.driver.host) and UDP port; the workers take their own address from the network mask (else
     * DL4J_VOID_IP, else 127.0.0.1) and sync-dp.gradient-sharing.worker-port. One trainer thread per
     * executor. In one JVM (embedded local Spark) the tasks feed one trainer and nothing goes over UDP.
     */
    private static SharedTrainingMaster gradientSharing(JavaSparkContext sc, JobConfig config, int k, int batch,
                                                        Consumer<String> log) {
        aeronSettings();
        JobConfig.GradientSharing gs = config.plan().gradientSharing();
        String controller = gs.controllerAddress().isEmpty()
                ? sc.getConf().get("spark.driver.host", "127.0.0.1") : gs.controllerAddress();
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .controllerAddress(controller)
                .unicastPort(gs.port())
                .portSupplier(gs.workerPort() == 0 ? new FreePort() : new StaticPortSupplier(gs.workerPort()))
                .networkMask(gs.networkMask().isEmpty() ? null : gs.networkMask())
                .build();
        log.accept(String.format(Locale.ROOT, "[sync-dp] gradient sharing: driver at %s, UDP port %d; workers on "
                        + "UDP port %s, their addresses from %s", controller, gs.port(),
                gs.workerPort() == 0 ? "any free" : String.valueOf(gs.workerPort()),
                gs.networkMask().isEmpty() ? "DL4J_VOID_IP, else 127.0.0.1" : "network mask " + gs.networkMask()));
        return new SharedTrainingMaster.Builder(voidConf, k, new AdaptiveThresholdAlgorithm(gs.threshold()), batch)
                .batchSizePerWorker(batch)
                .workersPerNode(1)
                .workerPrefetchNumBatches(0)
                .repartitioner(null) // with it, Repartition.Never below: each worker keeps the shard it read
                .repartitionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                // not persisted: the training task then reads its shard itself (Minibatches), which sets
                // the Aeron settings in that executor before its transport starts
                .storageLevel(null)
                .rngSeed(config.train().shuffleSeed())
                .build();
    }

    /**
     * Aeron settings for dl4j's AeronUdpTransport (nd4j-aeron 1.0.0-M2), in every JVM that starts one
     * (driver and executors), each unless set already (-D...):
     * <ul>
     * <li>it sets Aeron's client liveness timeout to 30 s and leaves the publication unblock timeout
     *     at Aeron 1.32's default of 15 s, which Aeron's media driver rejects ("publicationUnblock
     *     TimeoutNs=15000000000 <= clientLivenessTimeoutNs=30000000000"): raised to 60 s;</li>
     * <li>its embedded media driver leaves an 8 MB aeron-USER-UUID directory in /dev/shm per JVM
     *     behind: deleted when the transport closes (its shutdown hook).</li>
     * </ul>
     */
    static void aeronSettings() {
        setUnlessSet("aeron.publication.unblock.timeout", "60000000000");
        setUnlessSet("aeron.dir.delete.on.shutdown", "true");
    }

    private static void setUnlessSet(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A worker's UDP port: one free at the time it is asked for (sync-dp.gradient-sharing.worker-port = 0). */
    private static final class FreePort implements PortSupplier {
        private static final long serialVersionUID = 1L;

        @Override
        public int getPort() {
            try (DatagramSocket socket = new DatagramSocket(0)) {
                return socket.getLocalPort();
            } catch (SocketException e) {
                throw new IllegalStateException("no free UDP port for the gradient-sharing transport", e);
            }
        }
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
            aeronSettings(); // gradient-sharing: this executor's transport starts after this
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
