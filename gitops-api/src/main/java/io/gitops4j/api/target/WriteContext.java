package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.KubernetesNames;

/**
 * Who writes, and with what budget: one per reconcile pass. A target may act under an identity of the Application's
 * own (impersonation, so a tenant's Application can do only what its account may) and spends the pass's retries
 * from {@link #retries()}.
 *
 * @param application the name of the Application the writes are for
 * @param retries the pass's retry budget, shared by every request of the pass
 */
public record WriteContext(String application, RetryBudget retries) {
    /** @throws io.gitops4j.api.InvalidSpecException for an invalid Application name */
    public WriteContext {
        KubernetesNames.requireDns1123Label(application, "application");
        Checks.notNull(retries, "retries");
    }

    /** @return a context for {@code application} with a budget of {@code retries} */
    public static WriteContext of(String application, int retries) {
        return new WriteContext(application, RetryBudget.of(retries));
    }
}
