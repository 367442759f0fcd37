package org.splitfuse.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.ChannelGroups;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelIO;

class PrunerTest {

    private static final InputShape CIFAR = InputShape.of(3, 32, 32);

    private static DataSet batch(InputShape shape, int size, long seed) {
        INDArray x = Networks.input(shape, size, seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, size, 10);
        for (int i = 0; i < size; i++) {
            y.putScalar(i, (int) ((seed + i) % 10), 1f);
        }
        return new DataSet(x, y);
    }

    @Test
    void vggAndResnetPrunedEverywhereAtHalfStillTrainAndSaveAndLoadToIdenticalOutputs() {
        for (ModelFamily family : new ModelFamily[] {ModelFamily.VGG11_BN, ModelFamily.RESNET18}) {
            ComputationGraph net = Networks.zoo(family, CIFAR, 1.0, 11);
            ComputationGraph pruned = Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(net, PruningPlan.allGroups(0.5));
            assertTrue(pruned.numParams() < net.numParams() * 0.3, family + ": " + pruned.numParams());
            INDArray before = pruned.params().dup();
            DataSet data = batch(CIFAR, 16, 1);
            for (int step = 0; step < 3; step++) {
                pruned.fit(data);
            }
            assertTrue(Double.isFinite(pruned.score()), family + " loss " + pruned.score());
            assertNotEquals(0.0, pruned.params().sub(before).amaxNumber().doubleValue(), family + " did not train");
            ComputationGraph loaded = ModelIO.fromBytes(ModelIO.toBytes(pruned, true), family + " pruned");
            INDArray x = Networks.input(CIFAR, 4, 2);
            assertEquals(pruned.outputSingle(false, x), loaded.outputSingle(false, x), family.toString());
        }
    }

    /** Groups in turn: the same as pruning one group at a time, from the output on; not the same as all at once. */
    @Test
    void groupsInTurnArePrunedOneAfterAnotherFromTheOutput() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.125, 5);
        IntraFusion paper = new IntraFusion(IntraFusionOptions.paperCode());
        List<Integer> groups = List.of(3, 0, 1);
        PruningPlan plan = new PruningPlan(groups, 0.5, PruningPlan.Ranking.PER_GROUP, 1);
        ComputationGraph inTurn = new Pruner(MagnitudeImportance.l1(), ChannelMapSource.inTurn(paper)).prune(net, plan);
        ComputationGraph oneByOne = net;
        for (int id : List.of(0, 1, 3)) {
            oneByOne = new Pruner(MagnitudeImportance.l1(), paper).prune(oneByOne, PruningPlan.group(id, 0.5));
        }
        ComputationGraph atOnce = new Pruner(MagnitudeImportance.l1(), paper).prune(net, plan);
        INDArray x = Networks.input(CIFAR, 4, 6);
        INDArray expected = Networks.logits(oneByOne, x);
        double scale = Math.max(1, Networks.maxAbs(expected));
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(inTurn, x)) <= 1e-5 * scale);
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(atOnce, x)) > 1e-3 * scale, "the control differs");
    }

    /** Groups in turn with REPAIR: each group is repaired before the next is ranked, as one-by-one repaired pruning. */
    @Test
    void groupsInTurnAreRepairedOneAfterAnother() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.125, 5);
        INDArray samples = Networks.input(CIFAR, 16, 7);
        IntraFusion paper = new IntraFusion(IntraFusionOptions.paperCode());
        PruningPlan plan = new PruningPlan(List.of(3, 0, 1), 0.5, PruningPlan.Ranking.PER_GROUP, 1);
        ComputationGraph inTurn = new Pruner(MagnitudeImportance.l1(), ChannelMapSource.inTurn(paper))
                .withRepair(samples, ActivationRepair.Target.MEASURED).prune(net, plan);
        ComputationGraph oneByOne = net;
        for (int id : List.of(0, 1, 3)) {
            oneByOne = new Pruner(MagnitudeImportance.l1(), paper).withRepair(samples, ActivationRepair.Target.MEASURED)
                    .prune(oneByOne, PruningPlan.group(id, 0.5));
        }
        ComputationGraph unrepaired = new Pruner(MagnitudeImportance.l1(), ChannelMapSource.inTurn(paper)).prune(net, plan);
        INDArray x = Networks.input(CIFAR, 4, 6);
        INDArray expected = Networks.logits(oneByOne, x);
        double scale = Math.max(1, Networks.maxAbs(expected));
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(inTurn, x)) <= 1e-4 * scale);
        assertTrue(Networks.maxAbsDiff(expected, Networks.logits(unrepaired, x)) > 1e-3 * scale, "repair changed nothing");
    }

    @Test
    void globalRankingKeepsThePerGroupTotalAndAtLeastOneChannelPerGroup() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.25, 3);
        ComputationGraph global = Pruner.keepMostImportant(MagnitudeImportance.l1())
                .prune(net, PruningPlan.allGroups(0.6).withRanking(PruningPlan.Ranking.GLOBAL));
        ChannelGroups before = ChannelGroups.of(net);
        ChannelGroups after = ChannelGroups.of(global);
        int expected = 0;
        int kept = 0;
        boolean someUneven = false;
        for (ChannelGroup g : before.all()) {
            int m = after.get(g.id()).size();
            expected += PruningPlan.keepCount(g.size(), 0.6);
            kept += m;
            assertTrue(m >= 1);
            someUneven |= m != PruningPlan.keepCount(g.size(), 0.6);
        }
        assertEquals(expected, kept);
        assertTrue(someUneven, "a global ranking prunes layers unevenly");
    }

    @Test
    void iterativeScheduleReachesTheSameWidthsInStepsAndCallsBackAfterEach() {
        ComputationGraph net = Networks.zoo(ModelFamily.RESNET18, CIFAR, 0.25, 3);
        List<Integer> widthsAfterSteps = new ArrayList<>();
        ComputationGraph pruned = Pruner.keepMostImportant(MagnitudeImportance.l2()).prune(net,
                PruningPlan.allGroups(0.5).withSteps(4), (step, steps, n) -> {
                    widthsAfterSteps.add(ChannelGroups.of(n).get(0).size());
                    return n;
                });
        assertEquals(List.of(112, 96, 80, 64), widthsAfterSteps, "group 0 (128 channels) in 4 steps to 50%");
        ComputationGraph oneStep = Pruner.keepMostImportant(MagnitudeImportance.l2()).prune(net, PruningPlan.allGroups(0.5));
        assertEquals(oneStep.numParams(), pruned.numParams());
    }

    @Test
    void onlyTheChosenGroupShrinks() {
        ComputationGraph net = Networks.zoo(ModelFamily.VGG11_BN, CIFAR, 0.25, 3);
        ComputationGraph pruned = Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(net, PruningPlan.group(2, 0.7));
        ChannelGroups after = ChannelGroups.of(pruned);
        ChannelGroups before = ChannelGroups.of(net);
        for (ChannelGroup g : before.all()) {
            assertEquals(g.id() == 2 ? 38 : g.size(), after.get(g.id()).size(), "group " + g.id());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Pruner.keepMostImportant(MagnitudeImportance.l1()).prune(net, PruningPlan.group(8, 0.5)));
    }

    @Test
    void l1IsTheMeanOverSlicesOfAbsoluteWeightsDividedByItsMean() {
        ComputationGraph net = Networks.zoo(ModelFamily.MLP, InputShape.of(1, 4, 4), 0.0625, 3); // 32 and 16 units
        ChannelGroup fc2 = ChannelGroups.of(net).get(0);
        INDArray producer = net.getLayer("fc2").getParam("W");       // [32, 16]
        INDArray consumer = net.getLayer("classifier").getParam("W"); // [16, 10]
        double[] expected = new double[16];
        double mean = 0;
        for (int c = 0; c < 16; c++) {
            double out = 0;
            for (int i = 0; i < 32; i++) {
                out += Math.abs(producer.getDouble(i, c));
            }
            double in = 0;
            for (int k = 0; k < 10; k++) {
                in += Math.abs(consumer.getDouble(c, k));
            }
            expected[c] = (out + in) / 2;
            mean += expected[c] / 16;
        }
        for (int c = 0; c < 16; c++) {
            expected[c] /= mean;
        }
        assertArrayEquals(expected, MagnitudeImportance.l1().score(net, fc2), 1e-5);
    }

    @Test
    void lampDividesByTheSumOfAllChannelsAtLeastAsLarge() {
        // ascending 1, 2, 3: 1 / (1 + 2 + 3), 2 / (2 + 3), 3 / 3
        assertArrayEquals(new double[] {1.0 / 6, 1.0, 2.0 / 5}, LampImportance.lamp(new double[] {1, 3, 2}), 1e-12);
    }

    @Test
    void everyMetricGivesOneNonNegativeScorePerChannel() {
        ComputationGraph net = Networks.zoo(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 0.5, 3);
        List<DataSet> batches = List.of(batch(InputShape.of(1, 28, 28), 8, 1), batch(InputShape.of(1, 28, 28), 8, 2));
        INDArray paramsBefore = net.params().dup();
        for (String name : Importances.NAMES) {
            Importance metric = Importances.named(name, 7, () -> batches);
            for (ChannelGroup g : ChannelGroups.of(net).all()) {
                if (name.equals("bn-scale") && g.norms().isEmpty()) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metric.score(net, g));
                    assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
                    continue;
                }
                double[] s = metric.score(net, g);
                assertEquals(g.size(), s.length, name);
                boolean varied = false;
                for (double v : s) {
                    assertTrue(v >= 0 && Double.isFinite(v), name + " " + v);
                    varied |= v != s[0];
                }
                assertTrue(varied, name + " scores are not all equal on group " + g.id());
            }
        }
        assertEquals(paramsBefore, net.params(), "scoring does not modify the network (taylor runs on a copy)");
        assertThrows(IllegalArgumentException.class, () -> Importances.named("l3", 0, List::of));
    }

    @Test
    void taylorDependsOnTheData() {
        ComputationGraph net = Networks.zoo(ModelFamily.SMALL_CNN, InputShape.of(1, 28, 28), 0.5, 3);
        ChannelGroup g = ChannelGroups.of(net).get(1);
        double[] a = new TaylorImportance(List.of(batch(InputShape.of(1, 28, 28), 8, 1))).score(net, g);
        double[] b = new TaylorImportance(List.of(batch(InputShape.of(1, 28, 28), 8, 5))).score(net, g);
        assertFalse(java.util.Arrays.equals(a, b));
    }
}
