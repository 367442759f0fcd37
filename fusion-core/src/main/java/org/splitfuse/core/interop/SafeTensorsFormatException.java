package org.splitfuse.core.interop;

import java.io.IOException;
import org.splitfuse.core.UserError;

/** A byte sequence that is not a valid safetensors file; the message names the file and the tensor. */
public class SafeTensorsFormatException extends IOException implements UserError {

    private static final long serialVersionUID = 1L;

    public SafeTensorsFormatException(String message) {
        super(message);
    }

    public SafeTensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
