package org.splitfuse.core.interop;

import java.util.Optional;
import org.splitfuse.core.model.ModelFamily;

/**
 * What a PyTorch weight file of a zoo family says about its architecture without being told: the
 * width multiplier (from the first layer's output channels), the input channels and the number of
 * classes. A file that is not of the family is left to {@link TorchWeights#importInto} to report.
 */
public record ImpliedArchitecture(double width, int inputChannels, int classes) {

    /** The first layer's PyTorch name, its channel count at width 1 and the classifier's name. */
    private record Anchor(String first, int baseChannels, String classifier) {
    }

    private static Anchor anchor(ModelFamily family) {
        return switch (family) {
            case MLP -> new Anchor("fc1.weight", 512, "classifier.weight");
            case SMALL_CNN -> new Anchor("features.0.weight", 16, "classifier.weight");
            case VGG11_BN -> new Anchor("features.0.weight", 64, "classifier.weight");
            case RESNET18 -> new Anchor("conv1.weight", 64, "linear.weight");
        };
    }

    /** Empty when the file lacks the family's first layer or classifier (it is then not of the family). */
    public static Optional<ImpliedArchitecture> of(ModelFamily family, SafeTensorFile file) {
        Anchor a = anchor(family);
        Optional<RawTensor> first = file.tensor(a.first());
        Optional<RawTensor> classifier = file.tensor(a.classifier());
        if (first.isEmpty() || classifier.isEmpty() || first.get().shape().length < 2 || classifier.get().shape().length != 2) {
            return Optional.empty();
        }
        long[] shape = first.get().shape();
        double width = (double) shape[0] / a.baseChannels();
        // an MLP's first layer reads the flattened image: its input channels are not in the shape
        int inputChannels = family == ModelFamily.MLP ? -1 : (int) shape[1];
        return Optional.of(new ImpliedArchitecture(width, inputChannels, (int) classifier.get().shape()[0]));
    }

    /** The first layer's name in the family's PyTorch form (for messages). */
    public static String firstLayer(ModelFamily family) {
        return anchor(family).first();
    }
}
