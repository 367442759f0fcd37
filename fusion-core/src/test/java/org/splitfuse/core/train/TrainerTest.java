package org.splitfuse.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;

class TrainerTest {

    /** A learnable toy problem: the class is the quadrant with the brightest mean. */
    private static ListDataSetIterator<DataSet> quadrantData(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 4);
        for (int i = 0; i < n; i++) {
            int cls = i % 4;
            int r = (cls / 2) * 4;
            int c = (cls % 2) * 4;
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(r, r + 4),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(c, c + 4)).addi(1.0);
            y.putScalar(i, cls, 1.0);
        }
        // second argument: how many list elements (single examples) make one mini-batch
        return new ListDataSetIterator<>(new DataSet(x, y).asList(), 32);
    }

    private static ComputationGraph smallCnn(long seed) {
        return ModelZoo.build(new ModelSpec(ModelFamily.SMALL_CNN, InputShape.of(1, 8, 8), 4, 0.5, seed),
                new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.05, 0.9, 5e-4, 1, 0.5));
    }

    @Test
    void trainingLearnsAndReportsProgress() {
        ComputationGraph net = smallCnn(1);
        List<String> lines = new ArrayList<>();
        double before = Evaluator.evaluate(net, quadrantData(256, 9)).accuracy();
        new Trainer("[t]", 0, lines::add).fit(net, quadrantData(512, 8), 3, 512);
        EvalResult after = Evaluator.evaluate(net, quadrantData(256, 9));
        assertTrue(after.accuracy() > 0.9 && after.accuracy() > before, "accuracy " + before + " -> " + after);
        assertEquals(256, after.examples());
        assertTrue(lines.stream().anyMatch(l -> l.contains("epoch 3/3 done") && l.contains("ex/s") && l.contains("ETA")),
                String.join("\n", lines));
    }

    @Test
    void sameSeedGivesSameBitsAfterTraining() {
        ComputationGraph a = smallCnn(3);
        ComputationGraph b = smallCnn(3);
        new Trainer("[a]", 60_000, s -> { }).fit(a, quadrantData(256, 4), 2, 256);
        new Trainer("[b]", 60_000, s -> { }).fit(b, quadrantData(256, 4), 2, 256);
        assertEquals(a.params(), b.params());
        ComputationGraph c = smallCnn(4);
        new Trainer("[c]", 60_000, s -> { }).fit(c, quadrantData(256, 4), 2, 256);
        assertNotEquals(a.params(), c.params());
    }

    @Test
    void stepScheduleHalvesTheLearningRateEveryEpoch() {
        ComputationGraph net = smallCnn(1);
        new Trainer("[s]", 60_000, s -> { }).fit(net, quadrantData(64, 4), 2, 64);
        // decay-every = 1 epoch, factor 0.5: after two epochs the rate is 0.05 / 4
        assertEquals(0.0125, net.getLearningRate("fc1"), 1e-9);
    }

    @Test
    void memoryGuardCollectsWhenNativeMemoryGrowsPastItsBudget() {
        ComputationGraph net = smallCnn(1);
        NativeMemoryGuard guard = new NativeMemoryGuard(1);
        net.setListeners(guard);
        ListDataSetIterator<DataSet> data = quadrantData(128, 1);
        net.fit(data);
        assertTrue(guard.collections() > 0);
        assertThrows(IllegalArgumentException.class, () -> new NativeMemoryGuard(0));
    }

    @Test
    void negativeEpochsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer("[x]", 0, s -> { }).fit(smallCnn(1), quadrantData(32, 1), -1, 32));
    }
}
