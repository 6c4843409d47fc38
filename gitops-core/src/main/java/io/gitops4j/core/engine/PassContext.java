package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.health.HealthRules;
import java.time.Duration;

/**
 * What the write side of one pass works with: the Application, the target, its view with retries, the apply
 * options, the pass's write context and retry budget, the stage wait and the health rules. Immutable; one per pass.
 *
 * @param app the Application
 * @param target the cluster
 * @param view the target's view, reads retried within the pass's budget
 * @param options the field manager and force setting
 * @param context who writes, with the pass's retry budget
 * @param retry retries within that budget
 * @param stageWait how long to wait for CRDs and Namespaces to become ready (DA-07)
 * @param health the health rules
 */
record PassContext(Application app, Target target, ClusterView view, ApplyOptions options, WriteContext context,
        PassRetry retry, Duration stageWait, HealthRules health) {
    /** @return a context for one pass of {@code app}, with a retry budget sized for {@code objects} objects */
    static PassContext of(EngineParts parts, Application app, int objects) {
        WriteContext context = WriteContext.of(app.name(), 5 + objects / 3);
        PassRetry retry = new PassRetry(context.retries());
        return new PassContext(app, parts.target(), new RetryingView(parts.target().view(), retry),
                parts.applyOptions(), context, retry, parts.stageWait(), parts.health());
    }
}
