package org.splitfuse.bench;

import java.io.PrintStream;
import org.splitfuse.core.UserError;

/**
 * How a verb's main ends, in one place: its bad input (a {@link UserError}) is one line
 * {@code splitfuse VERB: error: ...} and exit 2, a bug its trace and exit 1.
 */
public final class Verbs {

    /** A verb's work on its command line. */
    @FunctionalInterface
    public interface Body {
        void run(String[] argv) throws Exception;
    }

    private Verbs() {
    }

    /** Runs the verb without exiting (tests call this): 0, or the exit code with the error printed to {@code err}. */
    public static int command(String verb, Body body, String[] argv, PrintStream err) {
        try {
            body.run(argv);
            return 0;
        } catch (Exception e) {
            return UserError.report("splitfuse " + verb, e, err);
        }
    }

    /** Ends the process with a failed verb's exit code; returns normally after success (non-daemon threads may remain). */
    public static void exit(int code) {
        if (code != 0) {
            System.exit(code);
        }
    }
}
