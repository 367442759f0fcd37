package org.splitfuse.core.fuse;

/** What the OT cost between two models' neurons is computed from (SPEC section 4). */
public enum AlignmentKind {
    /** Distance between incoming weight rows (bias included), after aligning the inputs. */
    WEIGHT,
    /** Distance between the neurons' pre-activations on the same sample of inputs. */
    ACTIVATION
}
