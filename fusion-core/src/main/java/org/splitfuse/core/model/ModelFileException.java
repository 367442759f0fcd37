package org.splitfuse.core.model;

import java.io.IOException;
import org.splitfuse.core.UserError;

/** A model file that cannot be read as a model (truncated, empty, not a model zip); the message names it. */
public class ModelFileException extends IOException implements UserError {

    private static final long serialVersionUID = 1L;

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
