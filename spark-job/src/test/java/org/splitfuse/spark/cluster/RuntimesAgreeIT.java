package org.splitfuse.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.RealData;
import org.splitfuse.core.plan.PlanRunner;
import org.splitfuse.core.plan.StageRecord;
import org.splitfuse.spark.SplitFuseJob;
import org.splitfuse.spark.config.ConfigLoader;
import org.splitfuse.spark.config.JobConfig;
import org.splitfuse.spark.config.Locations;
import org.splitfuse.spark.data.JobData;
import org.splitfuse.spark.exec.LocalRuntimes;

/**
 * One config, three runtimes: the standalone cluster (deploy/submit, executors in their own JVMs),
 * embedded Spark local[2] in this JVM, and LocalRuntime (no Spark). The trained shard models and
 * the final model are the same bits on all three.
 */
class RuntimesAgreeIT {

    @Test
    void theClusterEmbeddedSparkAndLocalRuntimeGiveTheSameModelBits() throws Exception {
        RealData.fashionMnist();
        ClusterRuns.Run cluster = ClusterRuns.undisturbed();
        assertEquals(0, cluster.result().exitCode(), cluster.result().tail(40));

        Path root = StandaloneCluster.shared().root();
        Path embedded = ClusterRuns.runsDir().resolve("embedded");
        ClusterRuns.deleteRecursively(embedded);
        List<String> args = new ArrayList<>(List.of(root.resolve("configs/quickstart.conf").toString()));
        args.addAll(List.of(ClusterRuns.SMALL));
        args.addAll(List.of("spark.master=local[2]", "output.uri=" + embedded.resolve("run")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SplitFuseJob.run(args.toArray(new String[0]), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

        JobConfig given = ConfigLoader.load(root.resolve("configs/quickstart.conf").toFile(), args.subList(1, args.size()));
        JobConfig config = Locations.resolve(given, new Configuration(), JobData.locate(given.data(), new Configuration(), line -> { }));
        List<StageRecord> stages = new ArrayList<>();
        ComputationGraph local = new PlanRunner(LocalRuntimes.of(config, new JobData(config), line -> { }), stages::add,
                line -> { }).run(config.planSpec());

        for (int i = 0; i < 2; i++) {
            String trained = "trained/model-" + i + ".zip";
            float[] onCluster = floats(cluster.output().resolve(trained));
            assertArrayEquals(onCluster, floats(embedded.resolve("run").resolve(trained)), "shard model " + i + ": embedded vs cluster");
            assertArrayEquals(onCluster, stages.get(0).models().get(i).params().data().asFloat(),
                    "shard model " + i + ": LocalRuntime vs cluster");
        }
        float[] finalOnCluster = floats(cluster.model());
        assertArrayEquals(finalOnCluster, floats(embedded.resolve("run/model.zip")), "final model: embedded vs cluster");
        assertArrayEquals(finalOnCluster, local.params().data().asFloat(), "final model: LocalRuntime vs cluster");
    }

    /** Exact comparison: assertArrayEquals on float[] compares bit patterns. */
    private static float[] floats(Path zip) throws Exception {
        double[] p = ClusterRuns.parameters(zip);
        float[] f = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            f[i] = (float) p[i];
        }
        return f;
    }
}
