package org.splitfuse.bench.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splitfuse.bench.BadInput.assertOneLineError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad measured CSVs and keys: one line naming the file and row, exit 2, nothing written. */
class SplitDataScalingBadInputTest {

    @TempDir
    Path dir;
    private Path runs;
    private Path stages;

    @BeforeEach
    void copyTheFixture() throws Exception {
        Path fixture = Path.of(getClass().getResource("/scaling/split-data.csv").toURI()).getParent();
        runs = Files.copy(fixture.resolve("split-data.csv"), dir.resolve("split-data.csv"));
        stages = Files.copy(fixture.resolve("split-data-stages.csv"), dir.resolve("split-data-stages.csv"));
    }

    private List<String> args(String... more) {
        List<String> all = new ArrayList<>(List.of("runs=\"" + runs + "\"", "stages=\"" + stages + "\"",
                "output-dir=\"" + dir.resolve("out") + "\""));
        all.addAll(List.of(more));
        return all;
    }

    private String fails(List<String> argv, String... fragments) {
        return assertOneLineError(SplitDataScaling::command, "splitfuse split-data-scaling", argv, fragments);
    }

    private void edit(Path file, int line, String replacement) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        if (replacement == null) {
            lines.remove(line - 1);
        } else {
            lines.set(line - 1, replacement);
        }
        Files.write(file, lines);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        fails(args("runs=\"" + missing + "\""), missing.toString(), "no such file");
        fails(args("stages=\"" + missing + "\""), missing.toString(), "no such file");
    }

    @Test
    void aMissingStageNamesTheFileTheRunAndItsRow() throws Exception {
        // stages line 14: the paf run at 1gbit, k = 2 (runs row 5): its fuse stage
        assertEquals("paf,fuse", String.join(",", List.of(Files.readAllLines(stages).get(13).split(",")).subList(0, 2)));
        edit(stages, 14, null);
        fails(args(), stages.toString(), "no 'fuse' stage of the paf at 1gbit, k=2, width 0.25 run", runs + " row 5");
        assertEquals(false, Files.exists(dir.resolve("out")));
    }

    @Test
    void anUnknownMethodNetworkOrStageNamesTheRow() throws Exception {
        List<String> original = Files.readAllLines(runs);
        edit(runs, 3, original.get(2).replace("whole-data", "allreduce"));
        fails(args(), runs + ": row 3", "unknown method 'allreduce'", "paf, fap, whole-data, sync-dp");
        // a method the model leaves out (ignored-methods) is skipped, in both files, not an error
        List<String> st0 = Files.readAllLines(stages);
        List<String> withAllreduceStages = new ArrayList<>(st0);
        st0.stream().filter(l -> l.startsWith("whole-data,")).forEach(l -> withAllreduceStages.add(l.replace("whole-data,", "allreduce,")));
        Files.write(stages, withAllreduceStages);
        List<String> withAllreduce = new ArrayList<>(original);
        withAllreduce.add(original.get(2).replace("whole-data", "allreduce"));
        Files.write(runs, withAllreduce);
        fails(args("ignored-methods=[paf-fast]"), "unknown method 'allreduce'");
        assertEquals(0, SplitDataScaling.command(args("ignored-methods=[allreduce]").toArray(new String[0]), System.err));
        Files.write(stages, st0);
        Files.write(runs, original);
        edit(runs, 4, original.get(3).replace("loopback", "wifi"));
        fails(args(), runs + ": row 4", "unknown network 'wifi'");
        Files.write(runs, original);
        List<String> st = Files.readAllLines(stages);
        edit(stages, 2, st.get(1).replace("paf,train", "paf,warm-up"));
        fails(args(), stages + ": row 2", "unknown stage 'warm-up' for paf");
        Files.write(stages, st);
        edit(stages, 2, st.get(1).replace(",loopback,2,", ",loopback,3,"));
        fails(args(), stages + ": row 2", "paf at loopback, k=3, width 0.25 run", "does not have");
        Files.write(stages, st);
        edit(runs, 2, original.get(1).replace("334.5", "300.0"));
        fails(args(), runs + ": row 2", "not the sum of its stages");
    }

    @Test
    void badSelectorsAndKeysAreOneLineEach() {
        fails(args("held-out.runs=[{k = 2}]"), "matches both fit.runs and held-out.runs");
        fails(args("fit.runs=[{k = 16}]"), "no run of", "matches fit.runs");
        fails(args("fit.runs=[{workers = 2}]"), "config key 'fit.runs': unknown field 'workers'");
        fails(args("fit.runs=[{method = allreduce}]"), "config key 'fit.runs'", "allreduce");
        fails(args("fit.weighting=squared"), "fit.weighting", "relative or absolute");
        fails(args("projection.methods=[fap]"), "must include paf");
        fails(args("projection.models=[\"vgg11-bn\"]"), "projection.models", "FAMILY@WIDTH");
        fails(args("projection.gbit=[0]"), "projection.gbit");
        fails(args("projection.machine=[8]"), "projection.machine", "did you mean 'projection.machines'");
        fails(args("workload.sparsity=1"), "workload.sparsity");
    }
}
