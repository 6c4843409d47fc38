package io.gitops4j.core.merge;

/**
 * Strategic merge patch was requested for a type without a built-in schema (a custom resource). The API server
 * answers 415 Unsupported Media Type with the message of this exception.
 */
public class UnsupportedPatchException extends PatchException {
    private static final long serialVersionUID = 1L;

    public UnsupportedPatchException(String message) {
        super(message);
    }
}
