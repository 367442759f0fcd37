package org.splitfuse.spark.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.fuse.VanillaAverage;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.plan.PruneSpec;
import org.splitfuse.core.plan.ShardRuntime;
import org.splitfuse.core.plan.TuneSpec;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.data.JobData;

/**
 * A plan's shard work on Spark executors: one task per model (training, PaF's prune-and-tune) or
 * per shard (each fine-tune round), models travelling as DL4J zips, data read by each executor
 * from storage. Trained models are checkpointed by the task that trained them and reused by a
 * rerun of the same config; a failed task is retried by Spark on its own.
 */
public final class SparkRuntime implements ShardRuntime {

    private final JavaSparkContext sc;
    private final JobConfig config;
    private final JobData data;
    private final Traffic traffic;
    private final ModelCheckpoints checkpoints;
    private final Consumer<String> log;
    private final int driverThreads = org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads();

    public SparkRuntime(JavaSparkContext sc, JobConfig config, JobData data, Traffic traffic, Consumer<String> log) {
        this.sc = sc;
        this.config = config;
        this.data = data;
        this.traffic = traffic;
        this.checkpoints = ModelCheckpoints.of(config, new HadoopConf(sc.hadoopConfiguration()));
        this.log = log;
    }

    @Override
    public int shards() {
        return data.shardCount();
    }

    @Override
    public List<ComputationGraph> train(List<int[]> parts, int epochs) {
        ComputationGraph[] models = new ComputationGraph[parts.size()];
        List<TrainTask.Part> todo = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String name = String.format("train-e%d-%d-of-%d-shards-%s.zip", epochs, i, parts.size(),
                    Arrays.stream(parts.get(i)).mapToObj(Integer::toString).collect(Collectors.joining("+")));
            byte[] stored = checkpoints == null ? null : checkpoints.read(name);
            if (stored != null) {
                log.accept("splitfuse: model " + i + " reused from " + checkpoints.location(name));
                models[i] = ModelIO.fromBytes(stored, checkpoints.location(name));
            } else {
                todo.add(new TrainTask.Part(i, parts.get(i), config.model().seedForShard(i), name));
            }
        }
        if (!todo.isEmpty()) {
            log.accept("splitfuse: training " + todo.size() + " model(s) on " + todo.size() + " Spark task(s)");
            for (TaskResult r : sc.parallelize(todo, todo.size()).map(new TrainTask(data, config, epochs, checkpoints, threads(todo.size()))).collect()) {
                models[r.index()] = ModelIO.fromBytes(r.model(), "trained model " + r.index());
                log.accept(String.format("splitfuse: model %d trained on %s in %.1f s", r.index(), r.host(), r.seconds()));
            }
            restoreDriverThreads();
        }
        return List.of(models);
    }

    @Override
    public List<ComputationGraph> pruneEach(List<ComputationGraph> models, List<int[]> parts, PruneSpec prune, TuneSpec tune) {
        List<PruneTask.Input> inputs = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            byte[] bytes = ModelIO.toBytes(models.get(i), false);
            traffic.sent(bytes.length);
            inputs.add(new PruneTask.Input(i, parts.get(i), bytes));
        }
        ComputationGraph[] pruned = new ComputationGraph[models.size()];
        for (TaskResult r : sc.parallelize(inputs, inputs.size()).map(new PruneTask(data, config, prune, tune, threads(inputs.size()))).collect()) {
            pruned[r.index()] = ModelIO.fromBytes(r.model(), "pruned model " + r.index());
        }
        restoreDriverThreads();
        return List.of(pruned);
    }

    @Override
    public ComputationGraph fineTune(ComputationGraph model, TuneSpec tune) {
        List<Integer> shardIds = new ArrayList<>();
        for (int s = 0; s < shards(); s++) {
            shardIds.add(s);
        }
        ComputationGraph current = model;
        for (int round = 0; round < tune.rounds(); round++) {
            byte[] bytes = ModelIO.toBytes(current, false);
            Broadcast<byte[]> shared = sc.broadcast(bytes);
            traffic.sent((long) bytes.length * shards()); // every shard's task reads it
            try {
                List<ComputationGraph> copies = new ArrayList<>();
                for (TaskResult r : sc.parallelize(shardIds, shardIds.size())
                        .map(new TuneTask(data, config, tune, shared, round, threads(shardIds.size()))).collect()) {
                    copies.add(ModelIO.fromBytes(r.model(), "fine-tuned copy " + r.index()));
                }
                current = VanillaAverage.of(copies, shardWeights());
            } finally {
                shared.destroy();
                restoreDriverThreads();
            }
        }
        return current;
    }

    @Override
    public int shardSize(int shard) {
        return data.shard(shard).size();
    }

    @Override
    public DataSet samples(int n) {
        LabeledImages train = data.load(log).train();
        return train.toDataSet(0, Math.min(n, train.size()));
    }

    @Override
    public ComputationGraph trainSynchronous(int epochs) {
        // dl4j-spark's workers run inside its own functions: in local mode set the shared pool here
        if (sc.isLocal()) {
            TaskThreads.use(threads(shards()));
        }
        try {
            return SyncDataParallel.train(sc, config, data, epochs, traffic, log);
        } finally {
            restoreDriverThreads();
        }
    }

    private int threads(int tasks) {
        return TaskThreads.forStage(sc, config.spark().taskThreads(), tasks);
    }

    /** In local mode the tasks changed this JVM's ND4J pool: the driver's own work gets all cores back. */
    private void restoreDriverThreads() {
        if (sc.isLocal()) {
            TaskThreads.use(driverThreads);
        }
    }
}
