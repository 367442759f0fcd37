package org.splitfuse.core.train;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The same network (parameters and BatchNorm statistics) with a fresh optimiser: fine-tuning after
 * pruning or fusion uses its own learning rate and schedule, restarted at epoch 0.
 */
public final class Retune {

    private Retune() {
    }

    public static ComputationGraph withOptimizer(ComputationGraph net, OptimizerSpec optimizer) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        conf.setEpochCount(0);
        conf.setIterationCount(0);
        List<Regularization> decay = optimizer.weightDecay() > 0
                ? List.of(new L2Regularization(optimizer.weightDecay())) : List.of();
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(optimizer.toUpdater());
                layer.setRegularization(decay);
            }
        }
        ComputationGraph copy = new ComputationGraph(conf);
        copy.init(net.params().dup(), false);
        return copy;
    }
}
