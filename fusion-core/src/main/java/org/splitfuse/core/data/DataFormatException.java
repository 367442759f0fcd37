package org.splitfuse.core.data;

import org.splitfuse.core.UserError;

/** A data file is missing, truncated or not in the expected format; the message names the file. */
public final class DataFormatException extends IllegalArgumentException implements UserError {
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    public DataFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
