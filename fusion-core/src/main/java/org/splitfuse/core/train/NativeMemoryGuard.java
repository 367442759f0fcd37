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
 * since the last collection, and once at every epoch end. Freed buffers then sit in glibc's
 * arenas, where later steps reuse them; at the step after an epoch-end collection (when ND4J's
 * deallocator thread has released the buffers) it also asks malloc to hand free memory back to
 * the system ({@link NativeHeap#trim()}). Trimming after every collection keeps the resident set
 * lowest but costs throughput (freed pages must be faulted in again: measured 90 against 213
 * examples/s in the two-shard Spark job), so it is an option.
 */
public final class NativeMemoryGuard extends BaseTrainingListener {

    public static final long DEFAULT_BUDGET_BYTES = 128L << 20;

    private final long budgetBytes;
    private final boolean trimEveryCollection;
    private long baseline = -1;
    private boolean trimPending;
    private int collections;

    public NativeMemoryGuard() {
        this(DEFAULT_BUDGET_BYTES, false);
    }

    /**
     * @param budgetBytes         growth of the resident set that triggers a collection
     * @param trimEveryCollection trim malloc's arenas after every collection, not only at epoch ends
     */
    public NativeMemoryGuard(long budgetBytes, boolean trimEveryCollection) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be > 0 bytes, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.trimEveryCollection = trimEveryCollection;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (trimPending) {
            NativeHeap.trim();
            trimPending = false;
            baseline = Pointer.physicalBytes();
            return;
        }
        long rss = Pointer.physicalBytes();
        if (baseline < 0) {
            baseline = rss;
        } else if (rss > baseline + budgetBytes) {
            collect(trimEveryCollection);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        collect(true);
    }

    /** Number of collections this guard has triggered. */
    public int collections() {
        return collections;
    }

    private void collect(boolean trim) {
        System.gc();
        collections++;
        // the native frees run on ND4J's deallocator thread: trim, and take the new baseline, a step later
        trimPending = trim;
        baseline = -1;
    }

}
