package org.splitfuse.spark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.splitfuse.core.plan.PlanRunner;
import org.splitfuse.core.plan.PruneSpec;

/**
 * The paragraph at the end of a run whose final model is less accurate than its parents (the
 * models of the training stage): why, in numbers. Usually because it is pruned: its parameters
 * and FLOPs against the unpruned parents'.
 */
final class FinalModelNote {

    private static final int WIDTH = 100;

    private FinalModelNote() {
    }

    static Optional<String> of(JobReport report) {
        Optional<StageReport> train = report.stages().stream().filter(s -> s.name().equals(PlanRunner.TRAIN)).findFirst();
        if (train.isEmpty() || train.get().models().isEmpty()) {
            return Optional.empty();
        }
        List<ModelEvaluation> parents = train.get().models();
        double parentsAccuracy = parents.stream().mapToDouble(ModelEvaluation::testAccuracy).average().orElseThrow();
        ModelEvaluation f = report.finalModel();
        if (!(f.testAccuracy() < parentsAccuracy)) {
            return Optional.empty();
        }
        ModelEvaluation parent = parents.get(0);
        String whose = parents.size() == 1 ? "its parent's (%.2f%%, the model of the train stage)"
                : "its parents' (%.2f%%, the mean of the " + parents.size() + " models of the train stage)";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Why the final model is below its parents: its test accuracy (%.2f%%) is %.2f points under "
                        + whose + " ", 100 * f.testAccuracy(), 100 * (parentsAccuracy - f.testAccuracy()),
                100 * parentsAccuracy));
        if (f.parameters() < parent.parameters()) {
            PruneSpec prune = report.config().plan().prune();
            sb.append(String.format(Locale.ROOT, "because it is pruned: it keeps %,d of their %,d parameters (%.1f%%) and "
                            + "needs %,d of their %,d FLOPs per example (%.1f%%), after prune.sparsity = %s of every "
                            + "group's channels by %s. A smaller model gives up some accuracy; the fine-tuning "
                            + "after pruning (tune.after-prune) wins part of it back. The unpruned parents are in trained/.",
                    f.parameters(), parent.parameters(), 100.0 * f.parameters() / parent.parameters(), f.flops(),
                    parent.flops(), 100.0 * f.flops() / Math.max(1, parent.flops()), prune.sparsity(),
                    prune.method().kind() == org.splitfuse.core.prune.PruneMethod.Kind.INTRA_FUSION ? "Intra-Fusion" : "default pruning"));
        } else {
            sb.append(String.format(Locale.ROOT, "although it is as large as they are (%,d parameters): it was not pruned, "
                    + "so the loss comes from fusing or fine-tuning them (plan %s).", f.parameters(),
                    report.config().plan().kind().id()));
        }
        return Optional.of(wrap(sb.toString()));
    }

    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int col = 0;
        for (String word : text.split(" ")) {
            if (col > 0 && col + 1 + word.length() > WIDTH) {
                out.append('\n');
                col = 0;
            } else if (col > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }
}
