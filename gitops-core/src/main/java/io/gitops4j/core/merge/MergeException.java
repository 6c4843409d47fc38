package io.gitops4j.core.merge;

/**
 * A request the merge engine rejects: malformed input (duplicate list keys in an applied configuration, a value of
 * the wrong shape for its schema, {@code managedFields} set in an apply) or, in strict mode, something the model
 * cannot handle faithfully. A caller serving HTTP maps it to 400/422 (see the subclasses), never to 5xx.
 */
public class MergeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MergeException(String message) {
        super(message);
    }

    public MergeException(String message, Throwable cause) {
        super(message, cause);
    }
}
