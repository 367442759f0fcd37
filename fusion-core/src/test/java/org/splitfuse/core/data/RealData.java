package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real data sets the end-to-end tests train on, for every module's tests (fusion-core's test
 * jar). A test that needs a data set that is not installed is skipped on a developer's machine,
 * but fails under CI (environment CI=true, as .ci/run sets it): a CI run that never touched the
 * real data must not pass.
 */
public final class RealData {

    /** Debian's dataset-fashion-mnist package. */
    public static final Path FASHION_MNIST = Path.of(DatasetName.FASHION_MNIST.systemDir());

    private RealData() {
    }

    /** The Fashion-MNIST directory; skips the calling test when it is missing (fails it under CI). */
    public static Path fashionMnist() {
        return require(FASHION_MNIST, "dataset-fashion-mnist", System.getenv());
    }

    static Path require(Path dir, String debianPackage, Map<String, String> env) {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        String missing = dir + " is missing: this test trains on real data; install it with "
                + "'apt-get install " + debianPackage + "' (.ci/run does)";
        if (underCi(env)) {
            fail(missing + " [CI=" + env.get("CI") + ": a skipped real-data test fails the run]");
        }
        Assumptions.abort(missing);
        return dir;
    }

    static boolean underCi(Map<String, String> env) {
        String ci = env.get("CI");
        return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
    }
}
