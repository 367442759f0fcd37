package org.splitfuse.core.interop;

import org.splitfuse.core.UserError;

import java.util.List;

/**
 * Tensors that do not fit a graph: all problems found, one per line, each starting with the PyTorch name.
 * Thrown before anything is changed, so the graph keeps its parameters.
 */
public class TorchWeightsException extends IllegalArgumentException implements UserError {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    TorchWeightsException(String headline, List<String> problems) {
        super(headline + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, e.g. "features.0.weight: expected shape [64, 3, 3, 3], found [64, 1, 3, 3]". */
    public List<String> problems() {
        return problems;
    }
}
