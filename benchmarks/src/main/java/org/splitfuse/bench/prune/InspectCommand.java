package org.splitfuse.bench.prune;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.splitfuse.bench.BenchArgs;
import org.splitfuse.bench.Verbs;
import org.splitfuse.core.InputError;
import org.splitfuse.core.UserError;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.graph.NetworkCost;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelIO;
import org.splitfuse.core.model.ModelProvenance;

/**
 * {@code bin/splitfuse inspect MODEL}: what a saved model zip is (its recorded provenance: family,
 * width, input, stage, config fingerprint, splitfuse version), its channel groups, parameters and
 * FLOPs per example. A file written before provenance was recorded is reported as such.
 */
public final class InspectCommand {

    static final String USAGE = String.join("\n",
            "usage: bin/splitfuse inspect MODEL [--input CxHxW]",
            "  MODEL                 a DL4J model zip written by splitfuse (or any DL4J ComputationGraph zip)",
            "  --input CxHxW         input shape for counting FLOPs when the file does not record one",
            "  --help                this text",
            "Prints the model's provenance, channel groups, parameters and FLOPs per example.");

    private InspectCommand() {
    }

    public static void main(String[] argv) {
        Verbs.exit(run(argv, System.out, System.err));
    }

    /** The command with its exit code: 0, or 2 with one error line on {@code err} (tests call this). */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        return Verbs.command("inspect", a -> execute(out, a), argv, err);
    }

    static void execute(PrintStream out, String... argv) throws IOException {
        List<String> options = new ArrayList<>();
        String modelText = null;
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") && modelText == null && (i == 0 || !argv[i - 1].startsWith("--"))) {
                modelText = argv[i];
            } else {
                options.add(argv[i]);
            }
        }
        BenchArgs args = BenchArgs.parse(options.toArray(String[]::new), "inspect", USAGE);
        String inputText = args.string("input", null);
        args.rejectUnused();
        if (modelText == null) {
            throw new InputError("a MODEL file is required (see --help)");
        }
        Path path = Path.of(modelText);
        if (!Files.isRegularFile(path)) {
            throw new InputError(path + ": no such model file");
        }
        if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new InputError(path + ": inspect reads DL4J model zips (.zip); for PyTorch weights use "
                    + "bin/splitfuse prune --model FILE --family F --list-groups");
        }
        if (Files.size(path) == 0) {
            throw new InputError(path + ": the file is empty (0 bytes), not a model");
        }
        ModelProvenance provenance = ModelIO.provenance(path).orElse(null);
        ComputationGraph net;
        try (var in = Files.newInputStream(path)) {
            net = ModelIO.read(in, path.toString());
        }
        InputShape input = inputText != null ? parseInput(inputText)
                : provenance != null ? provenance.inputShape().orElse(null) : null;

        out.println("model: " + path);
        if (provenance == null) {
            out.println("provenance: none recorded (written before splitfuse recorded provenance, or by another program)");
        } else {
            out.println("provenance:");
            line(out, "family", provenance.family());
            line(out, "width", provenance.width() == null ? null : trim(provenance.width()));
            line(out, "input", provenance.input());
            line(out, "classes", provenance.classes() == null ? null : provenance.classes().toString());
            line(out, "stage", provenance.stage());
            line(out, "config fingerprint", provenance.fingerprint());
            line(out, "splitfuse version", provenance.version());
        }
        ChannelGroups groups = ChannelGroups.of(net);
        out.println("channel groups: " + groups.count());
        for (ChannelGroup g : groups.all()) {
            out.println("  " + g);
        }
        if (input != null) {
            NetworkCost cost = NetworkCost.of(net, input);
            out.printf("parameters: %,d%nFLOPs per example: %,d (input %s)%n", cost.params(), cost.flops(), input);
        } else {
            out.printf("parameters: %,d%nFLOPs per example: unknown (no input shape recorded; pass --input CxHxW)%n",
                    net.numParams());
        }
    }

    private static InputShape parseInput(String text) {
        try {
            return InputShape.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InputError("--input: " + e.getMessage(), e);
        }
    }

    private static void line(PrintStream out, String name, String value) {
        out.printf("  %-20s %s%n", name, value == null ? "(not recorded)" : value);
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
