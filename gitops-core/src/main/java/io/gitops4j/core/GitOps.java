package io.gitops4j.core;

import io.gitops4j.core.engine.ReconcilerBuilder;

/**
 * The entry point: {@code GitOps.reconciler().target(..).renderers(..).build()}.
 */
public final class GitOps {
    private GitOps() {}

    /** @return a new builder for a reconciler */
    public static ReconcilerBuilder reconciler() {
        return new ReconcilerBuilder();
    }
}
