package org.splitfuse.bench;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.splitfuse.core.UserError;
import org.splitfuse.core.config.LayeredConfig;

/**
 * The shape of a config-driven benchmark verb: {@code VERB [CONFIG] [key=value ...]}, the config
 * layered on a reference resource, --help, and the one rule of {@link UserError#report}: one
 * {@code splitfuse VERB: error: ...} line with exit code 2 for bad input, a trace and exit 1 for a bug.
 */
public final class ConfigVerb {

    /** The verb's work on its merged config. */
    @FunctionalInterface
    public interface Body {
        void run(Config config) throws IOException;
    }

    private ConfigVerb() {
    }

    public static void main(String[] argv, String verb, String usage, String resource, String root, Body body) {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            System.out.println(usage);
            return;
        }
        try {
            File file = argv.length > 0 && !argv[0].contains("=") ? new File(argv[0]) : null;
            List<String> overrides = Arrays.asList(argv).subList(file == null ? 0 : 1, argv.length);
            body.run(LayeredConfig.load(resource, root, file, overrides));
        } catch (Exception e) {
            System.exit(UserError.report("splitfuse " + verb, e, System.err));
        }
    }
}
