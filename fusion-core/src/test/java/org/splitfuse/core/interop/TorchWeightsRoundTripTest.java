package org.splitfuse.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;
import org.splitfuse.core.model.ModelSpec;
import org.splitfuse.core.model.ModelZoo;
import org.splitfuse.core.train.OptimizerSpec;

/** PyTorch-layout file -> importInto a zoo graph -> export: every tensor comes back byte for byte. */
class TorchWeightsRoundTripTest {

    @Test
    void vgg11BnRoundTripsEveryTensorBitForBit() throws Exception {
        roundTrip(ModelFamily.VGG11_BN, PyTorchCifarStateDicts.vgg11(10));
    }

    @Test
    void resnet18RoundTripsEveryTensorBitForBit() throws Exception {
        roundTrip(ModelFamily.RESNET18, PyTorchCifarStateDicts.resnet18(10));
    }

    private static void roundTrip(ModelFamily family, Map<String, long[]> stateDict) throws Exception {
        Map<String, MinimalSafeTensorsWriter.Tensor> original = randomStateDict(stateDict, new Random(family.ordinal()));
        SafeTensorFile file = SafeTensors.parse(MinimalSafeTensorsWriter.write(original), family.id() + ".safetensors");

        ComputationGraph graph = ModelZoo.build(new ModelSpec(family, InputShape.of(3, 32, 32), 10, 1.0, 1L),
                OptimizerSpec.paper());
        TorchWeights.importInto(graph, file);
        SafeTensorFile exported = TorchWeights.export(graph, TorchWeights.buffers(file));

        assertEquals(original.keySet(), exported.tensors().keySet());
        for (Map.Entry<String, MinimalSafeTensorsWriter.Tensor> e : original.entrySet()) {
            RawTensor back = exported.tensors().get(e.getKey());
            assertNotNull(back, e.getKey());
            assertEquals(e.getValue().dtype(), back.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), back.data(), e.getKey());
        }
        // and the exported file survives SafeTensors' own writer and reader
        assertEquals(exported, SafeTensors.parse(SafeTensors.toBytes(exported), "rewritten"));
    }

    /** Random finite floats of any bit pattern (subnormals and -0 included) and counts like 7820. */
    private static Map<String, MinimalSafeTensorsWriter.Tensor> randomStateDict(Map<String, long[]> shapes, Random random) {
        Map<String, MinimalSafeTensorsWriter.Tensor> sd = new LinkedHashMap<>();
        long batches = 7820;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            if (shape.length == 0) {
                sd.put(e.getKey(), MinimalSafeTensorsWriter.i64Scalar(batches++));
                continue;
            }
            float[] values = new float[(int) RawTensor.elementCount(shape)];
            for (int i = 0; i < values.length; i++) {
                float v;
                do {
                    v = Float.intBitsToFloat(random.nextInt());
                } while (!Float.isFinite(v));
                values[i] = v;
            }
            sd.put(e.getKey(), MinimalSafeTensorsWriter.f32(shape, values));
        }
        return sd;
    }
}
