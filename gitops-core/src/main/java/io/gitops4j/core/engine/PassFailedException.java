package io.gitops4j.core.engine;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ReconcileFailure;

/** A pass phase failed; carries the failure as the result will report it. Its message is the failure's message. */
final class PassFailedException extends GitOpsException {
    private static final long serialVersionUID = 1L;
    private final transient ReconcileFailure failure;

    PassFailedException(ReconcileFailure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    ReconcileFailure failure() {
        return failure;
    }
}
