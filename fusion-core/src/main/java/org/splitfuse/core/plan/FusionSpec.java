package org.splitfuse.core.plan;

import java.io.Serializable;
import org.splitfuse.core.fuse.AlignmentKind;

/**
 * How a plan fuses: alignment kind, the number of training inputs for activation-based alignment
 * (the paper's 200) and for REPAIR of the averaged activation statistics (0: none).
 */
public record FusionSpec(AlignmentKind kind, int activationSamples, int repairSamples) implements Serializable {

    public FusionSpec {
        if (activationSamples < 1 || repairSamples < 0) {
            throw new IllegalArgumentException("fusion needs >= 1 activation samples and >= 0 repair samples, got "
                    + activationSamples + " and " + repairSamples);
        }
    }
}
