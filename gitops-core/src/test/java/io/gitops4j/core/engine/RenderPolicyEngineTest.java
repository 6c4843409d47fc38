package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderPolicy;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine checks every render against the Application's {@link RenderPolicy} before it writes (RD-16). */
class RenderPolicyEngineTest {
    private static final String ADMIN_BINDING = "apiVersion: rbac.authorization.k8s.io/v1\n"
            + "kind: ClusterRoleBinding\nmetadata:\n  name: take-over\nroleRef:\n"
            + "  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n"
            + "- kind: ServiceAccount\n  name: default\n  namespace: shop\n";

    @TempDir
    Path repo;

    private InMemoryTarget cluster;
    private Reconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        cluster = InMemoryTarget.create();
        reconciler = GitOps.reconciler().target(cluster).renderers(Renderers.plainYaml()).build();
        Files.writeString(repo.resolve("settings.yaml"), WalkingSkeletonTest.configMap("settings", "a", "b"));
        Files.writeString(repo.resolve("binding.yaml"), ADMIN_BINDING);
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    private Application app(RenderPolicy policy) {
        return Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).policy(policy).build();
    }

    @Test
    @DisplayName("RD-16 a ClusterRoleBinding to cluster-admin outside the policy fails the reconcile with zero writes")
    void violationFailsBeforeAnyWrite() throws Exception {
        reconciler.register(app(RenderPolicy.namespaced("shop")));
        ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("violate the Application's policy")
                .contains("ClusterRoleBinding take-over (binding.yaml#0): binding to cluster-admin is not allowed"));
        assertThat(cluster.writeCount()).isZero();
        assertThat(cluster.all()).isEmpty();
        assertThatThrownBy(() -> reconciler.plan("shop", Revision.ref("HEAD")))
                .isInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).reason()).isEqualTo(RenderException.Reason.POLICY));
    }

    @Test
    @DisplayName("RD-16 the same tree applies under the default permissive policy, and a namespace outside the policy "
            + "is refused")
    void permissiveByDefaultAndNamespacesChecked() throws Exception {
        assertThat(Application.builder("x").source(SourceSpec.local(repo)).build().policy())
                .isEqualTo(RenderPolicy.permissive());
        reconciler.register(app(RenderPolicy.permissive()));
        ReconcileResult ok = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        assertThat(ok.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.writeCount()).isGreaterThanOrEqualTo(2);

        Files.delete(repo.resolve("binding.yaml"));
        Files.writeString(repo.resolve("settings.yaml"), WalkingSkeletonTest.configMap("settings", "a", "c")
                .replace("metadata:\n", "metadata:\n  namespace: billing\n"));
        reconciler.register(app(RenderPolicy.namespaced("shop").withClusterScoped(true)));
        long before = cluster.writeCount();
        ReconcileResult refused = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("ConfigMap billing/settings").contains("namespace 'billing' is not allowed"));
        assertThat(cluster.writeCount()).isEqualTo(before);
    }
}
