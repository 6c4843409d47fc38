package io.gitops4j.core.merge;

/** A strategic merge patch that cannot be applied (malformed directive, wrong shape). Maps to HTTP 422/400. */
public class PatchException extends MergeException {
    private static final long serialVersionUID = 1L;

    public PatchException(String message) {
        super(message);
    }
}
