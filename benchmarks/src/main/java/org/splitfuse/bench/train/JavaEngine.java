package org.splitfuse.bench.train;

import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.OptimizerSpec;
import org.splitfuse.core.train.Trainer;

/** This project's side: the zoo's networks trained by {@link Trainer} and evaluated by {@link Evaluator}. */
final class JavaEngine {

    private final TrainTest data;

    JavaEngine(TrainTest data) {
        this.data = data;
    }

    ModelSpec spec(ModelFamily family, double width) {
        return new ModelSpec(family, data.train().shape(), data.train().numClasses(), width, 1);
    }

    long params(ModelFamily family, double width) {
        return ModelZoo.build(spec(family, width), OptimizerSpec.paper()).numParams();
    }

    /** Trains a fresh network with the project's trainer (memory guard included); times the steps after warm-up. */
    Measurement train(ModelFamily family, double width, int batch, int warmup, int steps, long seed) {
        ComputationGraph net = ModelZoo.build(spec(family, width), OptimizerSpec.paper());
        LabeledImages subset = data.train().head(Math.min(data.train().size(), (warmup + steps) * batch));
        StepClock clock = new StepClock(warmup, warmup + steps);
        new Trainer("[train-bench]", Long.MAX_VALUE, s -> { }, List.of(clock), true)
                .fit(net, subset.iterator(batch, seed), 1, subset.size());
        return new Measurement(steps * (double) batch / clock.seconds(), rssMb());
    }

    /** The evaluation path: the inference form, then Evaluator over test batches; times the batches after warm-up. */
    Measurement infer(ModelFamily family, double width, int batch, int warmup, int steps) {
        ComputationGraph inference = InferenceForm.of(ModelZoo.build(spec(family, width), OptimizerSpec.paper()));
        LabeledImages test = data.test();
        Evaluator.evaluate(inference, test.head(Math.min(test.size(), warmup * batch)).orderedIterator(batch));
        LabeledImages timed = test.head(Math.min(test.size(), steps * batch));
        long start = System.nanoTime();
        Evaluator.evaluate(inference, timed.orderedIterator(batch));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measurement(timed.size() / seconds, rssMb());
    }

    private static double rssMb() {
        return Pointer.physicalBytes() / (1024.0 * 1024.0);
    }

    /** Wall time between the end of step {@code from} and the end of step {@code to}. */
    private static final class StepClock extends BaseTrainingListener {
        private final int from;
        private final int to;
        private int step;
        private long start;
        private long end;

        StepClock(int from, int to) {
            this.from = from;
            this.to = to;
            if (from == 0) {
                start = System.nanoTime();
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            step++;
            if (step == from) {
                start = System.nanoTime();
            }
            if (step == to) {
                end = System.nanoTime();
            }
        }

        double seconds() {
            if (end == 0) {
                throw new IllegalStateException("training stopped after " + step + " of " + to + " steps");
            }
            return (end - start) / 1e9;
        }
    }
}
