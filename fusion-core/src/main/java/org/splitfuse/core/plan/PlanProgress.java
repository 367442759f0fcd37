package org.splitfuse.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.splitfuse.core.train.Durations;

/**
 * The overall progress of a plan: its stages in order (the names {@link PlanRunner} gives their
 * records) and a line at the start of each, {@code stage i of n (name), elapsed E, overall ETA T}.
 * The ETA assumes each stage costs in proportion to the examples its longest task trains on
 * (epochs times part size; fusion and the driver's pruning count as none) and that the seconds
 * per example so far hold for the rest; before a stage with training has finished it is unknown.
 */
public final class PlanProgress {

    /** One stage to come: its record's name and its training work in examples for its longest task. */
    public record Planned(String name, double examples) {
    }

    private final List<Planned> stages;
    private final LongSupplier nanos;
    private final long start;
    private int current = -1;

    PlanProgress(List<Planned> stages, LongSupplier nanos) {
        this.stages = List.copyOf(stages);
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    public static PlanProgress of(PlanSpec spec, int shards, int trainingExamples) {
        return new PlanProgress(outline(spec, shards, trainingExamples), System::nanoTime);
    }

    /** The stages a plan runs, in order, with their training work. */
    public static List<Planned> outline(PlanSpec spec, int shards, int examples) {
        double part = examples / (double) shards;
        List<Planned> out = new ArrayList<>();
        switch (spec.kind()) {
            case PAF -> {
                out.add(new Planned(PlanRunner.TRAIN, spec.trainEpochs() * part));
                out.add(new Planned("prune-each", spec.tuneAfterPrune().epochs() * part));
                fuseAndTune(out, spec, part);
            }
            case FAP -> {
                out.add(new Planned(PlanRunner.TRAIN, spec.trainEpochs() * part));
                fuseAndTune(out, spec, part);
                pruneSteps(out, spec, part);
            }
            case KFOLD -> {
                out.add(new Planned(PlanRunner.TRAIN, spec.trainEpochs() * examples / 2.0));
                fuseAndTune(out, spec, part);
                pruneSteps(out, spec, part);
            }
            case WHOLE_DATA -> {
                out.add(new Planned(PlanRunner.TRAIN, spec.trainEpochs() * (double) examples));
                pruneSteps(out, spec, part);
            }
            case SYNC_DP -> {
                out.add(new Planned(PlanRunner.TRAIN, spec.trainEpochs() * part));
                pruneSteps(out, spec, part);
            }
        }
        return out;
    }

    private static void fuseAndTune(List<Planned> out, PlanSpec spec, double part) {
        out.add(new Planned("fuse", 0));
        if (spec.tuneAfterFusion().rounds() > 0) {
            out.add(new Planned("tune-fused", spec.tuneAfterFusion().epochs() * part));
        }
    }

    private static void pruneSteps(List<Planned> out, PlanSpec spec, double part) {
        int steps = spec.prune().steps();
        for (int step = 1; step <= steps; step++) {
            String suffix = steps == 1 ? "" : "-" + step;
            out.add(new Planned("prune" + suffix, 0));
            if (spec.tuneAfterPrune().rounds() > 0) {
                out.add(new Planned("tune" + suffix, spec.tuneAfterPrune().epochs() * part));
            }
        }
    }

    public List<Planned> stages() {
        return stages;
    }

    /**
     * True when every stage after the current one (the one {@link #starting} last named) is a
     * fine-tune ({@code tune...}): nothing to come prunes, fuses or trains anew, so the current
     * stage's single model has the final model's size.
     */
    public boolean onlyTuningAfterCurrent() {
        for (int s = current + 1; s < stages.size(); s++) {
            if (!stages.get(s).name().startsWith("tune")) {
                return false;
            }
        }
        return true;
    }

    /** The line for the start of stage {@code name} (the next one in the outline, or a later one). */
    public String starting(String name) {
        int i = current + 1;
        while (i < stages.size() && !stages.get(i).name().equals(name)) {
            i++;
        }
        if (i == stages.size()) {
            throw new IllegalStateException("stage " + name + " is not in the plan's outline " + stages);
        }
        current = i;
        double elapsed = (nanos.getAsLong() - start) / 1e9;
        double done = 0;
        for (int s = 0; s < i; s++) {
            done += stages.get(s).examples();
        }
        double left = 0;
        for (int s = i; s < stages.size(); s++) {
            left += stages.get(s).examples();
        }
        String eta = done > 0 ? Durations.format(elapsed / done * left) : "unknown until " + stages.get(0).name() + " ends";
        return String.format(Locale.ROOT, "[plan] stage %d of %d (%s), elapsed %s, overall ETA %s", i + 1, stages.size(), name,
                Durations.format(elapsed), eta);
    }
}
