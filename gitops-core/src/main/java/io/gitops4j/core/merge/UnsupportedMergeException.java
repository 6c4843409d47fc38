package io.gitops4j.core.merge;

/**
 * Strict mode only: the request reaches a part of the model that is not implemented faithfully (an unknown list
 * type, a discriminated union, a manager recorded at another API version, a field outside the schema).
 */
public class UnsupportedMergeException extends MergeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMergeException(String message) {
        super(message);
    }
}
