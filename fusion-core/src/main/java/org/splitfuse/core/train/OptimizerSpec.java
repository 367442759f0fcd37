package org.splitfuse.core.train;

import java.io.Serializable;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.splitfuse.core.config.EnumNames;

/**
 * Optimiser settings. The paper trains with SGD, momentum 0.9, lr 0.05 halved every 30 epochs,
 * batch 128; DL4J has no heavy-ball momentum, so momentum > 0 uses Nesterov momentum.
 *
 * @param decayEvery epochs between learning-rate decays; 0 for a constant rate
 */
public record OptimizerSpec(Kind kind, double learningRate, double momentum, double weightDecay,
                            int decayEvery, double decayFactor) implements Serializable {

    public enum Kind { SGD, ADAM;
        public static Kind parse(String s) {
            return EnumNames.parse(Kind.class, "optimizer", s);
        }
    }

    public OptimizerSpec {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (decayEvery < 0) {
            throw new IllegalArgumentException("decay-every must be >= 0 epochs, got " + decayEvery);
        }
        if (!(decayFactor > 0 && decayFactor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + decayFactor);
        }
    }

    /** The paper's schedule: SGD, lr 0.05, momentum 0.9, weight decay 5e-4, halved every 30 epochs. */
    public static OptimizerSpec paper() {
        return new OptimizerSpec(Kind.SGD, 0.05, 0.9, 5e-4, 30, 0.5);
    }

    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Kind.ADAM, learningRate, 0, 0, 0, 1);
    }

    public IUpdater toUpdater() {
        ISchedule schedule = decayEvery > 0
                ? new StepSchedule(ScheduleType.EPOCH, learningRate, decayFactor, decayEvery)
                : null;
        return switch (kind) {
            case ADAM -> schedule == null ? new Adam(learningRate) : new Adam(schedule);
            case SGD -> {
                if (momentum == 0) {
                    yield schedule == null ? new Sgd(learningRate) : new Sgd(schedule);
                }
                yield schedule == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(schedule, momentum);
            }
        };
    }
}
