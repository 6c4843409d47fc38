package io.gitops4j.api.coordination;

import io.gitops4j.api.Checks;
import io.gitops4j.api.GitOpsException;

/**
 * A lease store could not answer: it was unreachable, or it refused the request. Losing a lease to another holder
 * is not an exception (an empty answer of {@link LeaseStore}). The message starts with {@code lease NAME:}.
 */
public class LeaseException extends GitOpsException {
    private static final long serialVersionUID = 1L;

    /** Why the store did not answer. */
    public enum Reason {
        /** No answer, a timeout, throttling or a server error: worth trying again. */
        UNAVAILABLE,
        /** The store refused this replica's credentials the request. */
        FORBIDDEN,
        /** The store refused the lease as invalid (a bad name, say). */
        INVALID
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message what failed, starting with {@code lease NAME:}
     * @param cause may be null
     */
    public LeaseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Checks.notNull(reason, "reason");
    }

    /** @return why the store did not answer */
    public Reason reason() {
        return reason;
    }
}
