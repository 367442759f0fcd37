package org.splitfuse.core.prune;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.nd4j.linalg.dataset.DataSet;

/** The importance metrics by name, as configs and the command line spell them. */
public final class Importances {

    public static final List<String> NAMES = List.of("l1", "l2", "linf", "random", "taylor", "lamp", "bn-scale");

    private Importances() {
    }

    /**
     * @param seed    for {@code random}
     * @param batches for {@code taylor} (a few batches of training data); called only when needed
     */
    public static Importance named(String name, long seed, Supplier<List<DataSet>> batches) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "l1" -> MagnitudeImportance.l1();
            case "l2" -> MagnitudeImportance.l2();
            case "linf", "l-infinity" -> MagnitudeImportance.lInfinity();
            case "random" -> new RandomImportance(seed);
            case "taylor" -> new TaylorImportance(batches.get());
            case "lamp" -> new LampImportance();
            case "bn-scale", "bnscale" -> new BnScaleImportance();
            default -> throw new IllegalArgumentException("unknown importance '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }
}
