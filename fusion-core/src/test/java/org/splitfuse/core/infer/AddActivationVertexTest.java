package org.splitfuse.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.splitfuse.core.model.ModelIO;

class AddActivationVertexTest {

    private static ComputationGraph graph(int inputs, IActivation activation) {
        var b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder();
        String[] names = new String[inputs];
        InputType[] types = new InputType[inputs];
        for (int i = 0; i < inputs; i++) {
            names[i] = "in" + i;
            types[i] = InputType.convolutional(5, 4, 3);
        }
        ComputationGraphConfiguration conf = b.addInputs(names).addVertex("add", new AddActivationVertex(activation), names)
                .setOutputs("add").setInputTypes(types).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray signed(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, 2, 3, 5, 4);
    }

    @Test
    void sumsItsInputsAndAppliesTheActivation() {
        INDArray a = signed(1);
        INDArray b = signed(2);
        INDArray c = signed(3);
        INDArray[] inputs = {a.dup(), b.dup(), c.dup()};
        INDArray out = graph(3, new ActivationReLU()).output(false, inputs)[0];
        INDArray sum = a.add(b).add(c);
        assertEquals(Transforms.relu(sum, true), out);
        // the ReLU did something (the sum has negative entries) and the inputs are left alone
        assertTrue(sum.minNumber().doubleValue() < 0 && out.minNumber().doubleValue() == 0);
        assertEquals(a, inputs[0]);
        assertEquals(b, inputs[1]);
        INDArray tanh = graph(2, new ActivationTanH()).output(false, a, b)[0];
        assertTrue(Transforms.tanh(a.add(b), true).equalsWithEps(tanh, 1e-6));
    }

    @Test
    void savesAndLoadsWithItsActivation() {
        ComputationGraph g = graph(2, new ActivationTanH());
        ComputationGraph loaded = ModelIO.fromBytes(ModelIO.toBytes(g, false), "add");
        GraphVertex v = loaded.getConfiguration().getVertices().get("add");
        assertEquals(new AddActivationVertex(new ActivationTanH()), v);
        assertEquals(g.output(false, signed(4), signed(5))[0], loaded.output(false, signed(4), signed(5))[0]);
    }

    @Test
    void inputsOfDifferentShapesAreRefused() {
        ComputationGraph g = graph(2, new ActivationReLU());
        INDArray other = Nd4j.zeros(DataType.FLOAT, 2, 3, 5, 5);
        assertThrows(IllegalStateException.class, () -> g.output(false, signed(1), other));
    }
}
