package org.splitfuse.core;

import java.io.PrintStream;

/**
 * Marks an exception caused by what the user gave (configuration, data files, model files, output
 * location), whose message alone says what is wrong and where. Entry points report these as one
 * {@code splitfuse: error: ...} line with exit code 2; every other exception is a bug and is
 * reported with its stack trace and exit code 1. An interface, so that checked (IOException) and
 * unchecked user errors carry the same mark.
 */
public interface UserError {

    String getMessage();

    /**
     * The user error that caused {@code failure}: itself, or the nearest one in its cause chain
     * (a task's error arrives wrapped by Spark, a reader's by an UncheckedIOException); null if
     * there is none, i.e. the failure is a bug.
     */
    static UserError find(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof UserError u) {
                return u;
            }
        }
        return null;
    }

    /** The one-line text of a user error: its message with any continuation lines indented as they are. */
    static String message(UserError e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * The one rule of every entry point, printed to {@code err}: a user error is one line
     * {@code WHO: error: MESSAGE} and exit code 2; anything else is a bug: {@code WHO: failed: ...}
     * with the stack trace, exit code 1. Returns the exit code.
     */
    static int report(String who, Throwable failure, PrintStream err) {
        UserError user = find(failure);
        if (user != null) {
            err.println(who + ": error: " + message(user));
            return 2;
        }
        err.println(who + ": failed: " + failure);
        failure.printStackTrace(err);
        return 1;
    }
}
