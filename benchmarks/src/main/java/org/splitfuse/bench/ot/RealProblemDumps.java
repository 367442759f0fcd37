package org.splitfuse.bench.ot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.splitfuse.bench.TrainedModels;
import org.splitfuse.core.data.Datasets;
import org.splitfuse.core.data.LabeledImages;
import org.splitfuse.core.data.TrainTest;
import org.splitfuse.core.fuse.AlignmentKind;
import org.splitfuse.core.fuse.OtFusion;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.NetworkGraph;
import org.splitfuse.core.infer.InferenceForm;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.prune.Importance;
import org.splitfuse.core.prune.Importances;
import org.splitfuse.core.prune.IntraFusion;
import org.splitfuse.core.prune.IntraFusionOptions;
import org.splitfuse.core.prune.PruningPlan;
import org.splitfuse.core.train.Evaluator;
import org.splitfuse.core.train.OptimizerSpec;

/**
 * {@code ot-bench --make-dumps DIR}: the transport problems the project really solves, on trained
 * networks. Per family (VGG11-BN, ResNet18) and width (1/4, 1), two models are trained on
 * disjoint parts of Fashion-MNIST's training set (checkpoints kept in {@code --models DIR}, reused
 * when present); then, for the largest channel groups,
 * <ul>
 *   <li>Intra-Fusion (default options: most important targets, uniform marginals, L1 importance)
 *       of model A at 50% sparsity: {@code intra-fusion:FAMILY-wW:GROUP} (n x n/2);</li>
 *   <li>the alignment of model B to model A in OT fusion, weight- and activation-based (200
 *       training images): {@code fusion-weight:...} and {@code fusion-activation:...} (n x n).</li>
 * </ul>
 * Each problem is captured by the solver's own dump ({@code splitfuse.ot.dump}) and renamed to
 * {@code COST_KIND.bin}; ot-bench {@code --dumps DIR} reads them back with that cost kind.
 */
final class RealProblemDumps {

    static final double SPARSITY = 0.5;
    static final int ACTIVATION_SAMPLES = 200;
    static final int EVAL_EXAMPLES = 2000;
    private static final String DUMP_PROPERTY = "splitfuse.ot.dump";

    /** What to train: examples per model, by width (width 1 is about 16 times the work). */
    record Plan(Path dumps, Path models, int examplesQuarterWidth, int examplesFullWidth, List<ModelFamily> families,
                List<Double> widths) {
        int examples(double width) {
            return width < 1 ? examplesQuarterWidth : examplesFullWidth;
        }
    }

    private RealProblemDumps() {
    }

    static void make(Plan plan) throws IOException {
        Files.createDirectories(plan.dumps());
        Files.createDirectories(plan.models());
        int most = 2 * Math.max(plan.examplesQuarterWidth(), plan.examplesFullWidth());
        TrainTest data = Datasets.fashionMnist(most, EVAL_EXAMPLES);
        for (ModelFamily family : plan.families()) {
            for (double width : plan.widths()) {
                String model = family.id() + "-" + widthLabel(width);
                int examples = plan.examples(width);
                ComputationGraph a = trained(plan, family, width, data, 0, examples, 1, model + "-a");
                ComputationGraph b = trained(plan, family, width, data, examples, examples, 2, model + "-b");
                List<ChannelGroup> largest = largestGroups(ChannelGroups.of(a));
                intraFusion(plan.dumps(), model, a, largest);
                INDArray samples = data.train().toDataSet(0, ACTIVATION_SAMPLES).getFeatures();
                for (AlignmentKind kind : AlignmentKind.values()) {
                    alignment(plan.dumps(), model, kind, a, b, samples, largest);
                }
            }
        }
        System.out.println("[ot-dumps] wrote the problems to " + plan.dumps());
    }

    /** "w0.25", "w1": a width as cost kinds and file names show it. */
    static String widthLabel(double width) {
        return "w" + (width == Math.rint(width) ? Integer.toString((int) width) : Double.toString(width));
    }

    private static ComputationGraph trained(Plan plan, ModelFamily family, double width, TrainTest data, int from, int count,
                                            long seed, String name) throws IOException {
        LabeledImages part = data.train().subset(IntStream.range(from, from + count).toArray());
        ModelSpec spec = new ModelSpec(family, part.shape(), part.numClasses(), width, seed);
        // the data label names the slice of the training set, so that models A and B get their own checkpoints
        ComputationGraph net = TrainedModels.loadOrTrain(plan.models(), spec,
                "fashion-mnist-train-" + from + "-n" + count, optimizer(width), part, 1, 128, seed, "[ot-dumps] " + name);
        double accuracy = Evaluator.evaluate(InferenceForm.of(net), data.test().orderedIterator(256)).accuracy();
        System.out.printf(Locale.ROOT, "[ot-dumps] %s: one epoch on training examples %d..%d, test accuracy %.2f%% "
                + "(first %d test images)%n", name, from, from + count - 1, 100 * accuracy, data.test().size());
        return net;
    }

    /**
     * The paper's SGD (lr 0.05, Nesterov momentum 0.9, weight decay 5e-4); at width 1 with lr 0.01:
     * in its first few hundred steps lr 0.05 diverged there (loss 12, 10% accuracy).
     */
    static OptimizerSpec optimizer(double width) {
        OptimizerSpec paper = OptimizerSpec.paper();
        return width < 1 ? paper : new OptimizerSpec(paper.kind(), 0.01, paper.momentum(), paper.weightDecay(),
                paper.decayEvery(), paper.decayFactor());
    }

    /** The groups of the largest size (at width 1: the 512-channel ones). */
    static List<ChannelGroup> largestGroups(ChannelGroups groups) {
        int largest = groups.all().stream().mapToInt(ChannelGroup::size).max().orElse(0);
        return groups.all().stream().filter(g -> g.size() == largest).toList();
    }

    private static void intraFusion(Path dumps, String model, ComputationGraph net, List<ChannelGroup> groups)
            throws IOException {
        IntraFusion fusion = new IntraFusion(IntraFusionOptions.defaults());
        ComputationGraph prepared = fusion.prepare(net);
        ChannelGroups preparedGroups = ChannelGroups.of(prepared);
        Importance importance = Importances.named("l1", 1, () -> {
            throw new IllegalStateException("l1 importance needs no data");
        });
        for (ChannelGroup g : groups) {
            ChannelGroup group = preparedGroups.get(g.id());
            int keep = PruningPlan.keepCount(group.size(), SPARSITY);
            List<Path> written = captured(dumps, () -> fusion.map(prepared, group, importance.score(prepared, group), keep));
            rename(written, List.of("intra-fusion:" + model + ":" + groupName(group)), dumps);
        }
    }

    /**
     * The alignment solves one problem per group, in the order of each group's first writer
     * (GroupAlignment): the same order here names them; the sizes are checked against it.
     */
    private static void alignment(Path dumps, String model, AlignmentKind kind, ComputationGraph a, ComputationGraph b,
                                  INDArray samples, List<ChannelGroup> largest) throws IOException {
        ChannelGroups groups = ChannelGroups.of(a);
        NetworkGraph graph = NetworkGraph.of(a);
        List<ChannelGroup> order = new ArrayList<>(groups.all());
        order.sort(Comparator.comparingInt(g -> g.producers().stream()
                .mapToInt(p -> graph.node(p.vertex()).order()).min().orElse(0)));
        List<Path> written = captured(dumps, () -> OtFusion.align(b, a, kind, samples));
        if (written.size() != order.size()) {
            throw new IllegalStateException("alignment solved " + written.size() + " problems for " + order.size() + " groups");
        }
        List<Path> kept = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String prefix = "fusion-" + kind.name().toLowerCase(Locale.ROOT) + ":" + model + ":";
        for (int k = 0; k < order.size(); k++) {
            ChannelGroup group = order.get(k);
            String size = group.size() + "x" + group.size() + ".bin";
            if (!written.get(k).getFileName().toString().endsWith("-" + size)) {
                throw new IllegalStateException("problem " + written.get(k) + " is not group " + group + " (" + size + ")");
            }
            if (largest.stream().anyMatch(g -> g.id() == group.id())) {
                kept.add(written.get(k));
                names.add(prefix + groupName(group));
            } else {
                Files.delete(written.get(k));
            }
        }
        rename(kept, names, dumps);
    }

    /** Runs {@code work} with the solver's dump pointed at a fresh directory; the files it wrote, in order. */
    private static List<Path> captured(Path dumps, Runnable work) throws IOException {
        Path scratch = Files.createTempDirectory(dumps, "capture");
        System.setProperty(DUMP_PROPERTY, scratch.toString());
        try {
            work.run();
        } finally {
            System.clearProperty(DUMP_PROPERTY);
        }
        try (Stream<Path> files = Files.list(scratch)) {
            return files.sorted().toList(); // ot-PID-SEQ-NxM.bin: SEQ is zero-padded, so name order is solve order
        }
    }

    private static void rename(List<Path> files, List<String> kinds, Path dumps) throws IOException {
        if (files.size() != kinds.size()) {
            throw new IllegalStateException(files.size() + " problems captured, " + kinds.size() + " expected");
        }
        Path scratch = files.isEmpty() ? null : files.get(0).getParent();
        for (int k = 0; k < files.size(); k++) {
            Path target = dumps.resolve(kinds.get(k) + ".bin");
            Files.move(files.get(k), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("[ot-dumps] " + target.getFileName());
        }
        if (scratch != null) {
            try (Stream<Path> left = Files.list(scratch)) {
                for (Path p : (Iterable<Path>) left::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(scratch);
        }
    }

    /** A group by its first writer's vertex (a residual stream: "stream@" and it). */
    static String groupName(ChannelGroup group) {
        String first = group.producers().isEmpty() ? "group" + group.id() : group.producers().get(0).vertex();
        return (group.isResidualStream() ? "stream@" : "") + first;
    }
}
