package org.splitfuse.core.graph;

/** A network that pruning cannot handle; the message names the vertex and the reason. */
public class UnsupportedNetworkException extends IllegalArgumentException {

    public UnsupportedNetworkException(String message) {
        super(message);
    }
}
