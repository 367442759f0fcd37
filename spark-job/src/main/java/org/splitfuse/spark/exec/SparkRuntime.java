package org.splitfuse.spark.exec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelFileException;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.plan.PruneSpec;
import org.splitfuse.core.plan.RunRules;
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
    private final RunRules rules;
    private final Traffic traffic;
    private final ModelCheckpoints checkpoints;
    private final Consumer<String> log;

    public SparkRuntime(JavaSparkContext sc, JobConfig config, JobData data, Traffic traffic, Consumer<String> log) {
        this.sc = sc;
        this.config = config;
        this.data = data;
        this.rules = config.rules(TaskThreads.resolve(config.spark().taskThreads(), sc.getConf()));
        this.traffic = traffic;
        this.checkpoints = ModelCheckpoints.of(config, rules, new HadoopConf(sc.hadoopConfiguration()));
        this.log = log;
    }

    @Override
    public RunRules rules() {
        return rules;
    }

    /** The fingerprint of the settings that determine the trained models (recorded in every saved model). */
    public String fingerprint() {
        return ModelCheckpoints.fingerprint(config, rules);
    }

    @Override
    public int shards() {
        return data.shardCount();
    }

    @Override
    public int shardSize(int shard) {
        return data.shard(shard).size();
    }

    @Override
    public LabeledImages trainingSet() {
        return data.load(log).train();
    }

    @Override
    public List<ComputationGraph> train(List<int[]> parts, int epochs) {
        ComputationGraph[] models = new ComputationGraph[parts.size()];
        List<TrainTask.Part> todo = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String name = String.format("train-e%d-%d-of-%d-shards-%s.zip", epochs, i, parts.size(),
                    Arrays.stream(parts.get(i)).mapToObj(Integer::toString).collect(Collectors.joining("+")));
            if (checkpoints != null) {
                models[i] = reuse(i, name);
            }
            if (models[i] == null) {
                todo.add(new TrainTask.Part(i, parts.get(i), name));
            }
        }
        if (!todo.isEmpty()) {
            log.accept("splitfuse: training " + todo.size() + " model(s) on " + todo.size() + " Spark task(s), "
                    + rules.threads() + " native thread(s) each");
            for (TaskResult r : sc.parallelize(todo, todo.size())
                    .map(new TrainTask(data, config, rules, epochs, checkpoints)).collect()) {
                models[r.index()] = ModelIO.fromBytes(r.model(), "trained model " + r.index());
                log.accept(String.format("splitfuse: model %d trained on %s in %.1f s", r.index(), r.host(), r.seconds()));
            }
        }
        return List.of(models);
    }

    /**
     * The checkpointed model, or null if there is none. One that cannot be read (damaged or
     * truncated on disk) is reported in one line and set aside under another name, so nothing is
     * lost, and its model is trained again.
     */
    private ComputationGraph reuse(int index, String name) {
        String location = checkpoints.location(name);
        String problem;
        try {
            byte[] stored = checkpoints.read(name);
            if (stored == null) {
                return null;
            }
            ComputationGraph model = ModelIO.read(new ByteArrayInputStream(stored), location);
            log.accept("splitfuse: model " + index + " reused from " + location);
            return model;
        } catch (ChecksumException e) {
            problem = "its checksum does not match: the file changed after it was written";
        } catch (ModelFileException e) {
            problem = e.getMessage().replace(location + ": ", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + location, e);
        }
        String kept = checkpoints.setAside(name);
        log.accept("splitfuse: warning: checkpoint " + location + " cannot be read (" + problem + "); moved to " + kept
                + ", model " + index + " is trained again");
        return null;
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
        for (TaskResult r : sc.parallelize(inputs, inputs.size())
                .map(new PruneTask(data, config, rules, prune, tune)).collect()) {
            pruned[r.index()] = ModelIO.fromBytes(r.model(), "pruned model " + r.index());
        }
        return List.of(pruned);
    }

    @Override
    public List<ComputationGraph> tuneRound(ComputationGraph model, TuneSpec tune, int round) {
        List<Integer> shardIds = new ArrayList<>();
        for (int s = 0; s < shards(); s++) {
            shardIds.add(s);
        }
        byte[] bytes = ModelIO.toBytes(model, false);
        Broadcast<byte[]> shared = sc.broadcast(bytes);
        traffic.sent((long) bytes.length * shards()); // every shard's task reads it
        try {
            ComputationGraph[] copies = new ComputationGraph[shards()];
            for (TaskResult r : sc.parallelize(shardIds, shardIds.size())
                    .map(new TuneTask(data, config, rules, tune, shared, round)).collect()) {
                copies[r.index()] = ModelIO.fromBytes(r.model(), "fine-tuned copy " + r.index());
            }
            return List.of(copies);
        } finally {
            shared.destroy();
        }
    }

    @Override
    public ComputationGraph trainSynchronous(int epochs, ObjIntConsumer<ComputationGraph> afterEpoch) {
        return SyncDataParallel.train(sc, config, rules, data, epochs, traffic, log, afterEpoch);
    }
}
