package org.splitfuse.core.plan;

import java.io.Serializable;
import org.splitfuse.core.fuse.ActivationRepair;
import org.splitfuse.core.fuse.AlignmentKind;

/**
 * How a plan fuses: alignment kind, the number of training inputs for activation-based alignment
 * (the paper's 200) and for REPAIR of the averaged activation statistics (0: none); meanRounds 0
 * fuses into the first model, more fuses into the models' iterated mean with at most that many
 * rounds ({@link org.splitfuse.core.fuse.OtFusion#fuseToMean}); repairTarget: REPAIR's moments
 * (MEASURED) or the least-squares refit (LEAST_SQUARES) after averaging.
 */
public record FusionSpec(AlignmentKind kind, int activationSamples, int repairSamples, int meanRounds,
                         ActivationRepair.Target repairTarget) implements Serializable {

    public FusionSpec {
        if (activationSamples < 1 || repairSamples < 0 || meanRounds < 0) {
            throw new IllegalArgumentException("fusion needs >= 1 activation samples, >= 0 repair samples and >= 0 mean rounds, got "
                    + activationSamples + ", " + repairSamples + " and " + meanRounds);
        }
        if (repairTarget == null || repairTarget == ActivationRepair.Target.BATCHNORM) {
            throw new IllegalArgumentException("fusion repairs toward the parents' measured moments or by least squares, got "
                    + repairTarget);
        }
    }

    /** REPAIR's moments after averaging. */
    public FusionSpec(AlignmentKind kind, int activationSamples, int repairSamples, int meanRounds) {
        this(kind, activationSamples, repairSamples, meanRounds, ActivationRepair.Target.MEASURED);
    }

    /** Fusion into the first model. */
    public FusionSpec(AlignmentKind kind, int activationSamples, int repairSamples) {
        this(kind, activationSamples, repairSamples, 0);
    }
}
