package org.splitfuse.core.train;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Keeps the process's resident memory flat during training.
 *
 * <p>Why: DL4J's BatchNormalization (both its oneDNN path and its built-in path) allocates
 * per-step arrays outside the workspaces (detached copies of the normalised input cached for
 * backprop, batch statistics, temporary gamma/beta arrays). Their off-heap buffers are released
 * only when the Java wrappers are garbage collected, and the wrappers are so small that the Java
 * heap hardly fills: the JVM sees no reason to collect while native memory grows by megabytes per
 * step. JavaCPP's maxbytes limit does not help because ND4J's buffers are not counted by it.
 * Nothing is actually retained: a collection frees it all (measured: 6.5 MB/step growth without,
 * flat with). So this listener collects whenever the resident set grew by more than a budget
 * since the last collection, and once at every epoch end.
 */
public final class NativeMemoryGuard extends BaseTrainingListener {

    public static final long DEFAULT_BUDGET_BYTES = 128L << 20;

    private static final NativeMemoryGuard SHARED = new NativeMemoryGuard();

    /**
     * One guard for work outside training loops that makes large short-lived native arrays:
     * DL4J's feedForward keeps every layer's activations (a ResNet18 forward pass of 500 images is
     * about 1.5 GB), and pruning and fusion build many networks. Call {@link #check()} after each.
     */
    public static NativeMemoryGuard shared() {
        return SHARED;
    }

    private final long budgetBytes;
    private final boolean trim;
    private long baseline = -1;
    private boolean trimPending;
    private int collections;

    public NativeMemoryGuard() {
        this(DEFAULT_BUDGET_BYTES, false);
    }

    public NativeMemoryGuard(long budgetBytes) {
        this(budgetBytes, false);
    }

    /**
     * @param trim also return the freed memory to the system ({@link NativeHeap#trim()}) after each
     *             collection: at the next check, once ND4J's deallocator thread has freed the buffers
     */
    public NativeMemoryGuard(long budgetBytes, boolean trim) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be > 0 bytes, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.trim = trim;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        check();
    }

    /** Collects if the resident set grew by more than the budget since the last collection. */
    public synchronized void check() {
        if (trimPending) {
            trimPending = false;
            NativeHeap.trim();
        }
        long rss = Pointer.physicalBytes();
        if (baseline < 0) {
            baseline = rss;
        } else if (rss > baseline + budgetBytes) {
            collect();
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        collect();
    }

    /** Number of collections this guard has triggered. */
    public int collections() {
        return collections;
    }

    private synchronized void collect() {
        System.gc();
        collections++;
        trimPending = trim;
        // the native frees run on ND4J's deallocator thread; the next reading sets the new baseline
        baseline = -1;
    }
}
