package org.splitfuse.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;

class OptimizerSettingsTest {

    private static OptimizerSpec read(String hocon, String section) {
        return OptimizerSettings.read(new Settings(ConfigFactory.parseString(hocon)), section);
    }

    @Test
    void aSectionWithoutOptimizerOrDecayKeysIsSgdAtAConstantRate() {
        OptimizerSpec spec = read("tune { learning-rate = 0.01, momentum = 0.9, weight-decay = 5e-4 }", "tune");
        assertEquals(new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.01, 0.9, 5e-4, 0, 1), spec);
        OptimizerSpec adam = read("train { optimizer = adam, learning-rate = 0.001, momentum = 0, weight-decay = 0,"
                + " decay-every = 3, decay-factor = 0.2 }", "train");
        assertEquals(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.001, 0, 0, 3, 0.2), adam);
    }

    @Test
    void momentumIsAnyValueBelowOne() {
        assertEquals(0.9995, read("t { learning-rate = 0.1, momentum = 0.9995, weight-decay = 0 }", "t").momentum());
        ConfigError e = assertThrows(ConfigError.class,
                () -> read("t { learning-rate = 0.1, momentum = 1, weight-decay = 0 }", "t"));
        assertEquals("config key 't.momentum' must be in [0, 1), got 1.0", e.getMessage());
    }
}
