package org.splitfuse.core.interop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state_dict names and shapes of kuangliu/pytorch-cifar's VGG('VGG11') and ResNet18(), written out
 * from the PyTorch model definitions (not from the DL4J graph), so tests can check the mapping against them.
 * A shape of length 0 is an I64 num_batches_tracked; everything else is F32.
 */
final class PyTorchCifarStateDicts {

    private PyTorchCifarStateDicts() {
    }

    static Map<String, long[]> vgg11(int classes) {
        Map<String, long[]> sd = new LinkedHashMap<>();
        Object[] cfg = {64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"};
        long in = 3;
        int index = 0;
        for (Object item : cfg) {
            if ("M".equals(item)) {
                index += 1; // nn.MaxPool2d
                continue;
            }
            long out = (Integer) item;
            sd.put("features." + index + ".weight", new long[] {out, in, 3, 3});
            sd.put("features." + index + ".bias", new long[] {out});
            batchNorm(sd, "features." + (index + 1), out);
            index += 3; // Conv2d, BatchNorm2d, ReLU
            in = out;
        }
        sd.put("classifier.weight", new long[] {classes, 512});
        sd.put("classifier.bias", new long[] {classes});
        return sd;
    }

    static Map<String, long[]> resnet18(int classes) {
        Map<String, long[]> sd = new LinkedHashMap<>();
        sd.put("conv1.weight", new long[] {64, 3, 3, 3});
        batchNorm(sd, "bn1", 64);
        long inPlanes = 64;
        long[] planes = {64, 128, 256, 512};
        int[] strides = {1, 2, 2, 2};
        for (int layer = 0; layer < 4; layer++) {
            for (int block = 0; block < 2; block++) {
                int stride = block == 0 ? strides[layer] : 1;
                String p = "layer" + (layer + 1) + "." + block;
                long out = planes[layer];
                sd.put(p + ".conv1.weight", new long[] {out, inPlanes, 3, 3});
                batchNorm(sd, p + ".bn1", out);
                sd.put(p + ".conv2.weight", new long[] {out, out, 3, 3});
                batchNorm(sd, p + ".bn2", out);
                if (stride != 1 || inPlanes != out) {
                    sd.put(p + ".shortcut.0.weight", new long[] {out, inPlanes, 1, 1});
                    batchNorm(sd, p + ".shortcut.1", out);
                }
                inPlanes = out;
            }
        }
        sd.put("linear.weight", new long[] {classes, 512});
        sd.put("linear.bias", new long[] {classes});
        return sd;
    }

    private static void batchNorm(Map<String, long[]> sd, String module, long channels) {
        sd.put(module + ".weight", new long[] {channels});
        sd.put(module + ".bias", new long[] {channels});
        sd.put(module + ".running_mean", new long[] {channels});
        sd.put(module + ".running_var", new long[] {channels});
        sd.put(module + ".num_batches_tracked", new long[0]);
    }
}
