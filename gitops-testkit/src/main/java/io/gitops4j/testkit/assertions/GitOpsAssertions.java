package io.gitops4j.testkit.assertions;

import io.gitops4j.api.ReconcileResult;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.server.RequestLog;

/**
 * Entry point of the testkit's AssertJ-style assertions; import statically next to AssertJ's own:
 *
 * <pre>{@code
 * import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
 *
 * assertThat(kube).contains(web).hasLabel(web, "app", "shop").isHealthy(web);
 * assertThat(result).hasOutcome(Outcome.SYNCED).created(web).pruned(oldConfig);
 * assertThat(server.requests()).countOf(Verb.PATCH).isLessThanOrEqualTo(3);
 * }</pre>
 *
 * <p>The names do not clash with {@code org.assertj.core.api.Assertions.assertThat}: Java picks the overload by
 * argument type, so both static imports can live in one test.
 */
public final class GitOpsAssertions {
    private GitOpsAssertions() {
    }

    /** Assertions on the objects held by a fake cluster. */
    public static KubeAssert assertThat(FakeKube kube) {
        return new KubeAssert(kube);
    }

    /** Assertions on one reconcile's result. */
    public static ReconcileResultAssert assertThat(ReconcileResult result) {
        return new ReconcileResultAssert(result);
    }

    /** Assertions on the requests a fake API server answered. */
    public static RequestLogAssert assertThat(RequestLog log) {
        return new RequestLogAssert(log);
    }
}
