package io.gitops4j.api.source;

import io.gitops4j.api.GitOpsException;
import java.util.Optional;

/**
 * A source could not deliver a revision or a file. Never means "the desired state is empty": the engine keeps the
 * last good revision and prunes nothing (GS-09, PR-02).
 *
 * <p>The message starts with the repository (without credentials) or the repo-relative path involved; it never
 * contains a credential, a symlink target outside the tree, or an absolute host path.
 */
public class SourceException extends GitOpsException {
    private static final long serialVersionUID = 1L;

    /** Why a source failed; stable codes a host can switch on. */
    public enum Reason {
        /** The repository, ref or path does not exist. */
        NOT_FOUND,
        /** Credentials are missing, wrong or revoked. */
        UNAUTHORIZED,
        /** The URL or repository is refused by policy (scheme, host, address, option-like argument). */
        POLICY,
        /** A path or symlink leaves the tree, or a link chain is too long. */
        PATH_ESCAPE,
        /** The content uses something not supported (LFS pointer, submodule not allowed). */
        UNSUPPORTED,
        /** A budget was exceeded: time, bytes, objects, file size. */
        LIMIT,
        /** A ref is invalid or ambiguous. */
        INVALID_REF,
        /** A signature is missing or not trusted. */
        SIGNATURE,
        /** The server could not be reached or failed (network, DNS, 5xx). */
        UNAVAILABLE,
        /** Local storage failed (disk full, corrupt mirror). */
        IO,
        /**
         * A write to the source could not be applied: the branch kept moving, the tag already exists, or a revert
         * conflicts with later changes.
         */
        CONFLICT
    }

    private final Reason reason;
    private final String path;

    /**
     * @param reason why it failed
     * @param path the repo-relative path involved, or {@code ""}
     * @param message the message, starting with the repository or path
     * @param cause the cause, may be null; its message must be free of secrets too
     */
    public SourceException(Reason reason, String path, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.path = path == null ? "" : path;
    }

    /** @see #SourceException(Reason, String, String, Throwable) */
    public SourceException(Reason reason, String message) {
        this(reason, "", message, null);
    }

    /** @return why the source failed */
    public Reason reason() {
        return reason;
    }

    /** @return the repo-relative path involved, if any */
    public Optional<String> path() {
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }
}
