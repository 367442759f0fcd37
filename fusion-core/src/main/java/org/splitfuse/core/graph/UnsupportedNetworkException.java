package org.splitfuse.core.graph;

import org.splitfuse.core.UserError;

/** A network that pruning cannot handle; the message names the vertex and the reason. */
public class UnsupportedNetworkException extends IllegalArgumentException implements UserError {

    public UnsupportedNetworkException(String message) {
        super(message);
    }
}
