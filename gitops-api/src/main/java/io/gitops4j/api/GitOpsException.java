package io.gitops4j.api;

/**
 * The unchecked root of every failure gitops4j reports. Subclasses carry the resource key or path involved and
 * their messages start with it.
 *
 * <p>Messages never contain a secret (token, key, Secret value) nor an absolute path of the host.
 */
public class GitOpsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, starting with the key or path involved; never null */
    public GitOpsException(String message) {
        super(message);
    }

    /**
     * @param message what failed, starting with the key or path involved; never null
     * @param cause the underlying failure, may be null
     */
    public GitOpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
