package org.splitfuse.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;

/**
 * The thread rule's premises: the OpenMP count is the calling thread's own, and one count gives
 * one result on any thread, also with two trainings at once in one JVM (embedded Spark's tasks).
 */
class NativeThreadsTest {

    private static final OptimizerSpec SGD = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.05, 0.9, 5e-4, 0, 1);

    private static float[] trainOneEpoch(LabeledImages data) {
        NativeThreads.use(1);
        var net = ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, data.shape(), 10, 0.5, 1), SGD);
        new Trainer("[threads]", 60_000, line -> { }).fit(net, data.iterator(128, 7), 1, data.size());
        return net.params().data().asFloat();
    }

    @Test
    void oneThreadCountGivesTheSameBitsOnEveryThreadAndConcurrently() throws Exception {
        LabeledImages data = Datasets.fashionMnist(1000, 10).train();
        float[] here = trainOneEpoch(data);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[]> a = pool.submit(() -> trainOneEpoch(data));
            Future<float[]> b = pool.submit(() -> trainOneEpoch(data));
            assertArrayEquals(here, a.get());
            assertArrayEquals(here, b.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theOpenMpCountBelongsToTheCallingThread() throws Exception {
        assumeTrue(System.getenv("OMP_NUM_THREADS") == null && Runtime.getRuntime().availableProcessors() > 1,
                "new threads start from the core count");
        NativeThreads.use(1);
        assertEquals(1, NativeThreads.current());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertNotEquals(1, pool.submit(NativeThreads::current).get(), "a new thread starts from the default");
        } finally {
            pool.shutdown();
        }
        assertThrows(IllegalArgumentException.class, () -> NativeThreads.use(0));
    }
}
