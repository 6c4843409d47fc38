package io.gitops4j.api.deploy;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.resource.ResourceKey;
import java.util.Optional;

/**
 * Why {@code Reconciler.awaitDeployed} did not see a commit deployed and healthy. The message names the Application,
 * the commit and the reason (for DEGRADED and TIMED_OUT also the object and what its health says); never an object's
 * content or a secret.
 */
public class DeployFailedException extends GitOpsException {
    private static final long serialVersionUID = 1L;

    /** Why a deploy did not finish. */
    public enum Reason {
        /** The pass at the commit (or a descendant) could not read or render it. */
        RENDER_FAILED,
        /** A guard blocked the pass (an empty render, PR-01) or held its prunes until confirmed (PR-03). */
        BLOCKED,
        /** The pass failed while planning or writing (a refused apply, a lost lease, …); see {@link #result()}. */
        FAILED,
        /** An object of the applied commit became DEGRADED; {@link #object()} names it. */
        DEGRADED,
        /** The timeout passed first: before such a pass, or with an object still not healthy ({@link #object()}). */
        TIMED_OUT,
        /** The Application was unregistered or the reconciler closed while waiting. */
        CANCELLED
    }

    private final Reason reason;
    private final transient Optional<ResourceKey> object;
    private final transient Optional<ReconcileResult> result;

    /**
     * @param reason why
     * @param object the object concerned (DEGRADED, TIMED_OUT while waiting for health), if any
     * @param result the pass concerned, if one ran at the commit or a descendant
     * @param message the whole message
     */
    public DeployFailedException(Reason reason, Optional<ResourceKey> object, Optional<ReconcileResult> result,
            String message) {
        super(message);
        this.reason = reason;
        this.object = object;
        this.result = result;
    }

    /** @return why the deploy did not finish */
    public Reason reason() {
        return reason;
    }

    /** @return the object concerned, if any */
    public Optional<ResourceKey> object() {
        return object == null ? Optional.empty() : object;
    }

    /** @return the pass concerned, if any */
    public Optional<ReconcileResult> result() {
        return result == null ? Optional.empty() : result;
    }
}
