package org.splitfuse.spark;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.Trainer;
import org.splitfuse.spark.config.JobConfig;

/** Runs on an executor: trains one model on its own shard, with no communication, and returns it. */
final class ShardTrainingTask implements FlatMapFunction<Iterator<ShardInput>, ShardResult> {

    private final JobConfig config;

    ShardTrainingTask(JobConfig config) {
        this.config = config;
    }

    @Override
    public Iterator<ShardResult> call(Iterator<ShardInput> inputs) throws Exception {
        List<ShardResult> results = new ArrayList<>();
        while (inputs.hasNext()) {
            results.add(train(inputs.next()));
        }
        return results.iterator();
    }

    private ShardResult train(ShardInput input) throws Exception {
        JobConfig.Train t = config.train();
        ModelSpec spec = input.modelSpec().withSeed(config.model().seedForShard(input.shard()));
        ComputationGraph net = ModelZoo.build(spec, t.optimizer());
        String label = "[shard " + input.shard() + "]";
        System.out.println(label + " training " + spec.family().id() + " on " + input.size() + " examples for "
                + t.epochs() + " epochs");
        Trainer trainer = new Trainer(label, t.progressInterval().toMillis(), System.out::println);
        double seconds = trainer.fit(net, input.iterator(t.batchSize(), t.shuffleSeed() + input.shard()),
                t.epochs(), input.size());
        return new ShardResult(input.shard(), ModelIO.toBytes(net, false), input.size(), seconds,
                InetAddress.getLocalHost().getHostName());
    }
}
