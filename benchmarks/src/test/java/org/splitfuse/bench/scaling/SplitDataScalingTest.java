package org.splitfuse.bench.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splitfuse.core.config.LayeredConfig;

/**
 * The fit on runs the model itself made from known coefficients (plus 1% noise): the coefficients
 * come back and the held-out runs are predicted; a held-out run three times slower than modelled is
 * reported as such. And the verb end to end on the committed fixture.
 */
class SplitDataScalingTest {

    /** s per FLOP-core (20 GFLOP/s), per activation element (2 ns), line-rate factor, s per round, pruning (5 GFLOP/s), fusion (1). */
    static final double[] TRUTH = {5e-11, 2e-9, 1.2, 1.5, 2e-10, 1e-9};

    @TempDir
    Path dir;

    private ScalingSettings settings(Path in, String... more) {
        List<String> all = new ArrayList<>(List.of("runs=\"" + in.resolve("split-data.csv") + "\"",
                "stages=\"" + in.resolve("split-data-stages.csv") + "\"", "output-dir=\"" + dir.resolve("out") + "\"",
                "projection.models=[\"vgg11-bn@0.25\"]", "projection.machines=[8]"));
        all.addAll(List.of(more));
        return ScalingSettings.from(LayeredConfig.load("split-data-scaling-reference.conf", "split-data-scaling", null, all));
    }

    private static MeasuredScenarios scenarios(ScalingSettings s) {
        return new MeasuredScenarios(new StageModel(s.workload(), new ModelSizes(s.workload().input(), s.workload().classes())),
                s.machineCores(), s.measuredDriverCores());
    }

    private ScalingReport.Inputs synthetic(List<SyntheticRuns.Spec> specs) throws Exception {
        Path in = dir.resolve("in");
        ScalingSettings s = settings(in);
        SyntheticRuns.write(in, specs, scenarios(s), TRUTH, 0.01, 7);
        return SplitDataScaling.analyse(s);
    }

    private static List<SyntheticRuns.Spec> grid() {
        List<SyntheticRuns.Spec> specs = new ArrayList<>(SyntheticRuns.grid(List.of(2, 4), List.of("1gbit", "10gbit"), List.of(0.25, 1.0)));
        specs.add(new SyntheticRuns.Spec(Method.PAF, "loopback", 2, 0.25, 1)); // in the CSVs, in neither set
        return specs;
    }

    @Test
    void theFitRecoversKnownCoefficientsAndPredictsTheHeldOutRuns() throws Exception {
        ScalingReport.Inputs r = synthetic(grid());
        assertEquals(20, r.fit().runs(), "k = 2 at 1 and 10 Gbit/s, two widths, five methods");
        for (Term t : Term.values()) {
            double c = r.fit().coefficients()[t.ordinal()];
            assertTrue(r.fit().identified()[t.ordinal()], t + " not identified");
            assertEquals(1, c / TRUTH[t.ordinal()], 0.1, t + ": fitted " + c + ", truth " + TRUTH[t.ordinal()]);
        }
        assertEquals(20, r.heldOut().runs().size(), "the k = 4 runs");
        assertTrue(r.heldOut().maxTotalError() < 0.05, "max held-out total error " + r.heldOut().maxTotalError());
        assertTrue(r.heldOut().medianTotalError() < 0.02, "median " + r.heldOut().medianTotalError());
        assertTrue(ScalingReport.markdown(r).contains("tolerance 25%: **met**"), ScalingReport.markdown(r));
    }

    @Test
    void aHeldOutRunFarFromTheModelShowsALargeError() throws Exception {
        List<SyntheticRuns.Spec> specs = new ArrayList<>();
        for (SyntheticRuns.Spec s : grid()) {
            boolean off = s.method() == Method.PAF && s.k() == 4 && s.network().equals("1gbit") && s.width() == 0.25;
            specs.add(off ? new SyntheticRuns.Spec(s.method(), s.network(), s.k(), s.width(), 3) : s);
        }
        ScalingReport.Inputs r = synthetic(specs);
        HeldOutCheck.RunError off = r.heldOut().runs().stream().filter(e -> e.run().method() == Method.PAF && e.run().k() == 4
                && e.run().network().name().equals("1gbit") && e.run().width() == 0.25).findFirst().orElseThrow();
        assertEquals(2.0 / 3, off.relative(), 0.05, "predicted a third of the measured time");
        assertEquals(off.relative(), r.heldOut().maxTotalError(), 1e-12);
        assertTrue(r.heldOut().medianTotalError() < 0.02, "the others still fit: " + r.heldOut().medianTotalError());
        assertTrue(ScalingReport.markdown(r).contains("tolerance 25%: **missed**"));
    }

    @Test
    void theVerbWritesTheReportTheProjectionAndThePlotFromTheFixture() throws Exception {
        Path fixture = Path.of(getClass().getResource("/scaling/split-data.csv").toURI()).getParent();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SplitDataScaling.command(new String[] {"runs=\"" + fixture.resolve("split-data.csv") + "\"",
                "stages=\"" + fixture.resolve("split-data-stages.csv") + "\"", "output-dir=\"" + dir.resolve("out") + "\""},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        List<String> csv = Files.readAllLines(dir.resolve("out/split-data-scaling.csv"));
        assertEquals("model,width,k,gbit,paf_s,fap_s,sync-dp_s,sync-dp-f1_s,whole-data_s,paf_bytes,fap_bytes,"
                + "sync-dp_bytes,sync-dp-f1_bytes,whole-data_bytes,best_sync,paf_over_best_sync,paf_over_whole_data",
                csv.get(0));
        assertEquals(1 + 4 * 4 * 4, csv.size(), "4 models x 4 K x 4 bandwidths");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("resnet18,1,64,100,")), csv.toString());
        String md = Files.readString(dir.resolve("out/split-data-scaling.md"));
        for (String section : List.of("## Measured runs", "## The model", "## Bytes", "## Held-out runs", "## Projection",
                "## Where Split-Data wins", "## Assumptions", "| communication |", "| paf at 1gbit, k=4, width 0.25 | **total** |")) {
            assertTrue(md.contains(section), section + " not in:\n" + md);
        }
        assertTrue(ImageIO.read(dir.resolve("out/split-data-scaling.png").toFile()).getWidth() > 1000);
        // redrawn from the CSV alone, as `bin/splitfuse plot split-data-scaling` does
        Path again = ScalingPlot.write(dir.resolve("out/split-data-scaling.csv"), "caption", dir.resolve("again.png"));
        assertEquals(ImageIO.read(dir.resolve("out/split-data-scaling.png").toFile()).getWidth(), ImageIO.read(again.toFile()).getWidth());
    }

    @Test
    void theKeysTakeEffect() throws Exception {
        Path in = dir.resolve("in");
        SyntheticRuns.write(in, grid(), scenarios(settings(in)), TRUTH, 0.01, 7);
        ScalingReport.Inputs base = SplitDataScaling.analyse(settings(in));
        ScalingReport.Inputs absolute = SplitDataScaling.analyse(settings(in, "fit.weighting=absolute"));
        assertTrue(absolute.fit().coefficients()[0] != base.fit().coefficients()[0], "fit.weighting");
        assertTrue(ScalingReport.markdown(SplitDataScaling.analyse(settings(in, "held-out.tolerance=0.0001"))).contains("**missed**"));
        ScalingReport.Inputs small = SplitDataScaling.analyse(settings(in, "projection.gbit=[3]", "projection.machines=[5]",
                "projection.methods=[paf, whole-data]", "projection.worker-cores=2", "projection.driver-cores=1"));
        assertEquals(1, small.projection().cells().size());
        Projection.Cell cell = small.projection().cells().get(0);
        assertEquals(List.of(5.0, 3.0), List.of((double) cell.k(), cell.gbit()));
        assertEquals(List.of(Method.PAF, Method.WHOLE_DATA), List.copyOf(cell.seconds().keySet()));
        assertTrue(Double.isNaN(cell.pafOverBestSync()), "no sync-DP variant projected");
        ScalingReport.Inputs oneCore = SplitDataScaling.analyse(settings(in, "projection.gbit=[3]", "projection.machines=[5]",
                "projection.methods=[paf, whole-data]", "projection.worker-cores=1", "projection.driver-cores=1"));
        assertTrue(oneCore.projection().cells().get(0).seconds().get(Method.PAF) > cell.seconds().get(Method.PAF), "worker-cores");
        ScalingReport.Inputs twoDriverCores = SplitDataScaling.analyse(settings(in, "projection.gbit=[3]", "projection.machines=[5]",
                "projection.methods=[paf, whole-data]", "projection.worker-cores=2", "projection.driver-cores=2"));
        assertTrue(twoDriverCores.projection().cells().get(0).seconds().get(Method.PAF) < cell.seconds().get(Method.PAF), "driver-cores");

        MeasuredRun run = base.measured().get(0);
        assertEquals(2.0 / run.k(), base.scenarios().scenario(run).workerCores());
        assertEquals(4.0 / run.k(), scenarios(settings(in, "measured.machine-cores=4")).scenario(run).workerCores());
        assertEquals(3.0, scenarios(settings(in, "measured.driver-cores=3")).scenario(run).driverCores());
        Scenario sync = new Scenario(Method.SYNC_DP, org.splitfuse.core.model.ModelFamily.VGG11_BN, 0.25, 2, Network.parse("1gbit"), 1, 2);
        Scenario gs = new Scenario(Method.SYNC_DP_GS, sync.family(), 0.25, 2, sync.network(), 1, 2);
        StageTerms t = base.scenarios().model().stage(sync, "train");
        StageTerms oneEpoch = scenarios(settings(in, "workload.epochs=1")).model().stage(sync, "train");
        assertEquals(t.x()[Term.COMPUTE_FLOPS.ordinal()] / 5, oneEpoch.x()[Term.COMPUTE_FLOPS.ordinal()], 1, "workload.epochs");
        assertEquals(235 / 47 * 24, scenarios(settings(in, "workload.averaging-frequency.sync-dp=10")).model().stage(sync, "train")
                .x()[Term.ROUNDS.ordinal()], "workload.averaging-frequency.sync-dp: 24 rounds an epoch");
        assertEquals(t.bytes() / 2, scenarios(settings(in, "workload.bytes-per-value=2")).model().stage(sync, "train").bytes(), 1);
        assertEquals(scenarios(settings(in, "workload.gradient-sharing-fraction=1")).model().stage(gs, "train").bytes() / 2,
                scenarios(settings(in, "workload.gradient-sharing-fraction=0.5")).model().stage(gs, "train").bytes(), 1);
        assertTrue(scenarios(settings(in, "workload.sparsity=0.75")).model().pruned(sync).params()
                < base.scenarios().model().pruned(sync).params(), "workload.sparsity");
    }
}
