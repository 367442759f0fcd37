package org.splitfuse.bench.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/** Records the process's resident set size every few steps and at each epoch end. */
final class RssSampler extends BaseTrainingListener {

    record Sample(int epoch, long step, double rssMb, boolean epochEnd, long nanos, long cpuNanos) {
    }

    private final int every;
    private final Consumer<String> out;
    private final List<Sample> samples = new ArrayList<>();
    private int epoch = 1;
    private long step;

    RssSampler(int every, Consumer<String> out) {
        this.every = every;
        this.out = out;
    }

    @Override
    public void iterationDone(Model model, int iteration, int ignoredEpoch) {
        step++;
        if (step % every == 0) {
            record(false);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        record(true);
        epoch++;
    }

    private void record(boolean epochEnd) {
        Sample s = new Sample(epoch, step, Pointer.physicalBytes() / (1024.0 * 1024.0), epochEnd, System.nanoTime(), processCpuNanos());
        samples.add(s);
        out.accept(String.format("rss epoch %d step %d: %.0f MB%s", s.epoch(), s.step(), s.rssMb(),
                epochEnd ? " (epoch end)" : ""));
    }

    /** CPU time of the whole process (every thread, GC and JIT included): less sensitive to a loaded machine than wall time. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }
}
