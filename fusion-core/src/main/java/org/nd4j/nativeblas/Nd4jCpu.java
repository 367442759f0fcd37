package org.nd4j.nativeblas;

/**
 * Bridge for DL4J 1.0.0-M2.1: its oneDNN layer helpers (BaseMKLDNNHelper) look up ND4J's native
 * environment under this pre-M2 class name and method, which ND4J M2.1 renamed to
 * org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment#isUseONEDNN. Without this class the
 * helpers never engage and convolutions, BatchNorm and pooling take DL4J's slow built-in path.
 * Only the two members DL4J calls are provided; see org.splitfuse.core.model.NativeHelpers.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
            } catch (LinkageError e) {
                return false; // not the CPU backend (e.g. the cuda profile)
            }
        }
    }
}
