package org.splitfuse.core.prune;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.splitfuse.core.graph.ChannelGroup;
import org.splitfuse.core.graph.Slice;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

/** Test networks and independent ways of looking at their outputs. */
public final class Networks {

    private Networks() {
    }

    public static ComputationGraph zoo(ModelFamily family, InputShape shape, double width, long seed) {
        ComputationGraph net = ModelZoo.build(new ModelSpec(family, shape, 10, width, seed), OptimizerSpec.paper());
        randomiseBatchNorms(net, seed);
        return net;
    }

    /** Freshly initialised BatchNorms are the identity; real ones are not. */
    public static void randomiseBatchNorms(ComputationGraph net, long seed) {
        Random random = new Random(seed);
        for (GraphVertex v : net.getVertices()) {
            if (v.hasLayer() && v.getLayer().conf().getLayer() instanceof BatchNormalization) {
                Map<String, INDArray> p = v.getLayer().paramTable();
                fill(p.get("gamma"), random, 0.5, 1.5);
                fill(p.get("beta"), random, -0.3, 0.3);
                fill(p.get("mean"), random, -0.2, 0.2);
                fill(p.get("var"), random, 0.5, 2.0);
            }
        }
    }

    private static void fill(INDArray a, Random random, double lo, double hi) {
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, lo + (hi - lo) * random.nextDouble());
        }
    }

    public static INDArray input(InputShape shape, int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, batch, shape.channels(), shape.height(), shape.width());
    }

    /** The classifier's pre-softmax outputs. */
    public static INDArray logits(ComputationGraph net, INDArray x) {
        return org.splitfuse.core.train.Logits.of(net, x);
    }

    public static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    public static double maxAbs(INDArray a) {
        return a.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
    }

    /**
     * A copy of the network in which the dropped channels of the group are zero everywhere: the
     * producers write zero rows and every BatchNorm outputs zero there. Pruning those channels
     * must give exactly this network's outputs (independent of the surgery code).
     */
    public static ComputationGraph masked(ComputationGraph net, ChannelGroup group, int[] dropped) {
        ComputationGraph copy = net.clone();
        for (Slice s : group.slices()) {
            Layer layer = copy.getLayer(s.vertex());
            for (int c : dropped) {
                int channel = s.offset() + c;
                switch (s.role()) {
                    case PRODUCER -> {
                        INDArray w = layer.getParam("W");
                        int axis = w.rank() == 4 ? 0 : 1;
                        zero(w, axis, channel);
                        if (layer.paramTable().containsKey("b")) {
                            zero(layer.getParam("b"), 0, channel);
                        }
                    }
                    case NORM -> {
                        zero(layer.getParam("gamma"), 0, channel);
                        zero(layer.getParam("beta"), 0, channel);
                    }
                    case CONSUMER -> {
                        // readers see zeros; nothing to change
                    }
                }
            }
        }
        return copy;
    }

    private static void zero(INDArray a, int axis, int index) {
        if (a.rank() == 1) {
            a.putScalar(index, 0);
            return;
        }
        // a parameter view cannot always be indexed in place: multiply by a mask instead
        INDArray mask = Nd4j.ones(a.dataType(), a.shape());
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int d = 0; d < a.rank(); d++) {
            idx[d] = d == axis ? NDArrayIndex.point(index) : NDArrayIndex.all();
        }
        mask.get(idx).assign(0);
        a.muli(mask);
    }
}
