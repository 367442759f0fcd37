package org.splitfuse.core;

/** Bad input with no more specific type (a command-line option, a file that does not exist). */
public class InputError extends IllegalArgumentException implements UserError {

    private static final long serialVersionUID = 1L;

    public InputError(String message) {
        super(message);
    }

    public InputError(String message, Throwable cause) {
        super(message, cause);
    }
}
