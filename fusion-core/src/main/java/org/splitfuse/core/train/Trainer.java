package org.splitfuse.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Trains a network for a number of epochs with progress output and bounded native memory.
 * The optimiser and its schedule live in the network's configuration ({@link OptimizerSpec}).
 */
public final class Trainer {

    private final String label;
    private final long progressIntervalMillis;
    private final Consumer<String> out;
    private final List<TrainingListener> extraListeners;
    private final java.util.function.Supplier<NativeMemoryGuard> memoryGuard;

    public Trainer(String label, long progressIntervalMillis, Consumer<String> out) {
        this(label, progressIntervalMillis, out, List.of(), true);
    }

    /**
     * @param extraListeners called after the trainer's own (memory guard, progress)
     * @param memoryGuard    false only to measure what happens without {@link NativeMemoryGuard}
     */
    public Trainer(String label, long progressIntervalMillis, Consumer<String> out,
                   List<TrainingListener> extraListeners, boolean memoryGuard) {
        this(label, progressIntervalMillis, out, extraListeners, memoryGuard ? NativeMemoryGuard::new : null);
    }

    /** @param memoryGuard makes the guard of each {@link #fit} call; null for none (measurements only) */
    public Trainer(String label, long progressIntervalMillis, Consumer<String> out,
                   List<TrainingListener> extraListeners, java.util.function.Supplier<NativeMemoryGuard> memoryGuard) {
        this.label = label;
        this.progressIntervalMillis = progressIntervalMillis;
        this.out = out;
        this.extraListeners = List.copyOf(extraListeners);
        this.memoryGuard = memoryGuard;
    }

    /**
     * Trains in place; returns the wall time in seconds.
     *
     * @param examplesPerEpoch for the progress estimate; -1 when unknown
     */
    public double fit(ComputationGraph net, DataSetIterator data, int epochs, long examplesPerEpoch) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        long steps = examplesPerEpoch > 0 ? (examplesPerEpoch + data.batch() - 1) / data.batch() : -1;
        List<TrainingListener> listeners = new ArrayList<>();
        if (memoryGuard != null) {
            listeners.add(memoryGuard.get());
        }
        listeners.add(new ProgressListener(label, epochs, steps, data.batch(), progressIntervalMillis, out));
        listeners.addAll(extraListeners);
        net.setListeners(listeners);
        long start = System.nanoTime();
        try {
            for (int e = 0; e < epochs; e++) {
                data.reset();
                net.fit(data);
            }
        } finally {
            net.setListeners(List.of());
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
