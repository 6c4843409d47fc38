package io.gitops4j.k8s;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.coordination.ShardState;
import io.gitops4j.core.coordination.ShardingOptions;
import io.gitops4j.core.engine.GitOpsReconciler;
import io.gitops4j.core.render.Renderers;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One replica of a host service for the EN-03 tests: a reconciler on a {@link KubernetesTarget} whose requests say
 * {@code User-Agent: replica-ID} (so the fake server's request log tells the replicas apart), sharing the work
 * through Leases in {@code default}. It registers its Applications once it holds its share of the shards, so that
 * the first passes run on the replica that keeps them. Used in the test JVM and, through {@link ReplicaMain}, in
 * another one.
 */
final class Replica implements AutoCloseable {
    /** Four shards; leases of 3 s renewed every 400 ms; writes stop 2 s after the last renewal. */
    static final ShardingOptions SHARDING = ShardingOptions.defaults().withShards(4)
            .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(400));

    private final KubernetesTarget target;
    private final GitOpsReconciler reconciler;

    /**
     * @param reported told one line per result: {@code result APP OUTCOME COMMIT} (passes this replica ran, with the
     *     commit reconciled or {@code -}; a pass another replica owns is {@code not-owner APP})
     */
    Replica(String serverUrl, String identity, Consumer<String> reported) {
        ApiClient client = Config.fromUrl(serverUrl, false);
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> chain.proceed(
                chain.request().newBuilder().header("User-Agent", identity).build())).build());
        this.target = KubernetesTarget.builder().apiClient(client).build();
        this.reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                .coordination(target.leases("default")).sharding(SHARDING.withIdentity(identity)).build();
        reconciler.addListener(r -> reported.accept(r.failure().map(ReconcileFailure::phase)
                .filter(ReconcileFailure.Phase.OWNERSHIP::equals).isPresent() ? "not-owner " + r.application()
                : "result " + r.application() + " " + r.outcome() + " "
                + r.revision().map(Revision::id).filter(id -> !id.isEmpty()).orElse("-")));
    }

    /** @return the reconciler */
    GitOpsReconciler reconciler() {
        return reconciler;
    }

    /** @return how many shards this replica holds now */
    long held() {
        return reconciler.shards().stream().filter(ShardState::heldHere).count();
    }

    /** Waits until this replica holds {@code shards} shards and counts {@code members} members. */
    boolean awaitShare(long shards, int members, Duration timeout) {
        return Fixtures.eventually(timeout, () -> held() == shards && reconciler.shards().stream()
                .filter(s -> s.holder().isPresent()).count() == SHARDING.shards()
                && members == members(reconciler));
    }

    /** Registers automated Applications, each rendering {@code APP/} of the repository into namespace APP. */
    void register(String repositoryUrl, List<String> apps) {
        for (String app : apps) {
            reconciler.register(Application.builder(app).source(SourceSpec.git(repositoryUrl, "main", app))
                    .targetNamespace(app).syncPolicy(SyncPolicy.automated().withInterval(Duration.ofSeconds(2)))
                    .build());
        }
    }

    private static int members(GitOpsReconciler r) {
        return (int) r.shards().stream().map(ShardState::holder).flatMap(java.util.Optional::stream).distinct()
                .count();
    }

    @Override
    public void close() {
        reconciler.close();
        target.close();
    }
}
