package org.splitfuse.core.train;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The native threads of model work, set for the calling thread. Measured with ND4J 1.0.0-M2.1
 * (docs/split-data.md, "Determinism"): oneDNN's and libnd4j's OpenMP teams take the size the
 * calling thread's own OpenMP setting gives (a thread-local value; new threads start from
 * OMP_NUM_THREADS or the core count), OpenBLAS has one process-wide count, and the bits of a
 * trained model and of a forward pass change with either. ND4J's Environment.setMaxThreads does
 * nothing in this version. Call before the work, on the thread that does it.
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("native threads must be >= 1, got " + threads);
        }
        // Nd4j first: it loads the backend that NativeOpsHolder needs
        Blas blas = Nd4j.factory().blas();
        // compared first: concurrent tasks in one JVM set the same value, and only the first changes it
        if (blas.getMaxThreads() != threads) {
            blas.setMaxThreads(threads);
        }
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (ops.ompGetMaxThreads() != threads) {
            ops.setOmpNumThreads(threads);
        }
    }

    /** The calling thread's OpenMP team size. */
    public static int current() {
        Nd4j.factory();
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
