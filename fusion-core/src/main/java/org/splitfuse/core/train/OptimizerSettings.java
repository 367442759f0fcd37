package org.splitfuse.core.train;

import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;

/**
 * The optimiser keys of one config section, read in this one place by the job (train, tune) and
 * the benchmark verbs (train): {@code optimizer} (sgd where the section has no such key),
 * {@code learning-rate} in (0, 10], {@code momentum} in [0, 1), {@code weight-decay} in [0, 1],
 * {@code decay-every} (epochs, 0 = constant) and {@code decay-factor} in (0, 1] (a constant rate
 * where the section has no decay-every). Momentum 1 would never forget a gradient; every value
 * below it is a momentum, as {@link OptimizerSpec} itself requires.
 */
public final class OptimizerSettings {

    private OptimizerSettings() {
    }

    public static OptimizerSpec read(Settings s, String section) {
        String k = section + ".";
        try {
            OptimizerSpec.Kind kind = s.has(k + "optimizer") ? s.choice(k + "optimizer", OptimizerSpec.Kind::parse)
                    : OptimizerSpec.Kind.SGD;
            double learningRate = s.doubleIn(k + "learning-rate", 0, 10, false);
            double momentum = s.doubleIn(k + "momentum", 0, 1, true, false);
            double weightDecay = s.doubleIn(k + "weight-decay", 0, 1, true);
            boolean decays = s.has(k + "decay-every");
            int decayEvery = decays ? s.intAtLeast(k + "decay-every", 0) : 0;
            double decayFactor = decays ? s.doubleIn(k + "decay-factor", 0, 1, false) : 1;
            return new OptimizerSpec(kind, learningRate, momentum, weightDecay, decayEvery, decayFactor);
        } catch (ConfigError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config section '" + section + "': " + e.getMessage(), e);
        }
    }
}
