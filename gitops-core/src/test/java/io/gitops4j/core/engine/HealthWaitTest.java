package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.core.health.HealthRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine's one wait for objects to become healthy (waves, hooks, the health after a sync): woken by the change
 * feed, judged by the health rules, bounded by a deadline.
 */
class HealthWaitTest {
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
    private static final ResourceKey DB = ResourceKey.of("apps/v1", "Deployment", "shop", "db");

    private final CountingView view = new CountingView();
    private final HealthWait.Judge healthy = HealthWait.healthy(HealthRules.builtIn());

    private static Manifest deployment(ResourceKey key, long available, String progressing) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", 1);
        status.put("replicas", 1);
        status.put("updatedReplicas", 1);
        status.put("availableReplicas", available);
        if (!progressing.isEmpty()) {
            status.put("conditions", List.of(Map.of("type", "Progressing", "status", "False", "reason",
                    progressing, "message", "rollout stuck")));
        }
        return Manifest.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", key.name(), "namespace", key.namespace(), "generation", 1),
                "spec", Map.of("replicas", 1), "status", status));
    }

    @Test
    void anObjectThatBecomesHealthyLaterEndsTheWaitWhenItsEventArrivesWithoutPolling() throws Exception {
        view.put(deployment(WEB, 0, ""));
        view.put(deployment(DB, 1, ""));

        CompletableFuture<HealthWait.Verdict> waiting = CompletableFuture.supplyAsync(
                () -> HealthWait.await(view, List.of(WEB, DB), healthy, Duration.ofSeconds(30)));
        view.subscribed.get(10, TimeUnit.SECONDS);
        view.put(deployment(WEB, 1, ""));   // the rollout finishes: one event
        HealthWait.Verdict verdict = waiting.get(10, TimeUnit.SECONDS);

        assertThat(verdict.ending()).isEqualTo(HealthWait.Ending.DONE);
        assertThat(verdict.culprit()).isEmpty();
        assertThat(verdict.objects().values()).allSatisfy(j -> assertThat(j.health().status())
                .isEqualTo(HealthStatus.HEALTHY));
        assertThat(view.reads.get()).as("one read each at the start, one for the event").isLessThanOrEqualTo(3);
        assertThat(view.open.get()).as("the subscription is closed").isZero();
    }

    @Test
    void aDegradedObjectEndsTheWaitAtOnceNamingIt() {
        view.put(deployment(WEB, 1, ""));
        view.put(deployment(DB, 0, "ProgressDeadlineExceeded"));

        HealthWait.Verdict verdict = HealthWait.await(view, List.of(WEB, DB), healthy, Duration.ofMinutes(5));

        assertThat(verdict.ending()).isEqualTo(HealthWait.Ending.FAILED);
        assertThat(verdict.culprit()).contains(DB);
        assertThat(verdict.culpritJudged().orElseThrow().health().message()).contains("rollout stuck");
    }

    @Test
    void anObjectStillProgressingAtTheDeadlineTimesOutWithItsLastStateReadTwiceOnly() {
        view.put(deployment(WEB, 0, ""));

        HealthWait.Verdict verdict = HealthWait.await(view, List.of(WEB), healthy, Duration.ofMillis(800));

        assertThat(verdict.ending()).isEqualTo(HealthWait.Ending.TIMED_OUT);
        assertThat(verdict.culprit()).contains(WEB);
        assertThat(verdict.culpritJudged().orElseThrow().health().message())
                .isEqualTo("0 of 1 replicas available");
        assertThat(view.reads.get()).as("read at the start and at the deadline; nothing changed between, so no "
                + "polling read").isEqualTo(2);
        assertThat(view.open.get()).isZero();
    }

    @Test
    void aMissingObjectIsPendingUntilItAppears() throws Exception {
        CompletableFuture<HealthWait.Verdict> waiting = CompletableFuture.supplyAsync(
                () -> HealthWait.await(view, List.of(WEB), healthy, Duration.ofSeconds(30)));
        view.subscribed.get(10, TimeUnit.SECONDS);
        view.put(deployment(WEB, 1, ""));

        assertThat(waiting.get(10, TimeUnit.SECONDS).ending()).isEqualTo(HealthWait.Ending.DONE);
    }

    @Test
    void aResyncOfTheKindReadsItsObjectsAgain() throws Exception {
        view.put(deployment(WEB, 0, ""));
        CompletableFuture<HealthWait.Verdict> waiting = CompletableFuture.supplyAsync(
                () -> HealthWait.await(view, List.of(WEB), healthy, Duration.ofSeconds(30)));
        view.subscribed.get(10, TimeUnit.SECONDS);
        view.silently = true;                 // the change is missed, as across a broken watch
        view.put(deployment(WEB, 1, ""));
        view.silently = false;
        view.resync(WEB.groupKind());

        assertThat(waiting.get(10, TimeUnit.SECONDS).ending()).isEqualTo(HealthWait.Ending.DONE);
    }

    @Test
    void nothingToWaitForIsDoneWithoutSubscribing() {
        assertThat(HealthWait.await(view, List.of(), healthy, Duration.ofSeconds(1)).ending())
                .isEqualTo(HealthWait.Ending.DONE);
        assertThat(view.reads.get()).isZero();
    }

    /**
     * A view over a map of objects whose writes (as a controller's status writes) publish events; it counts reads
     * and open subscriptions, can drop events, and can announce a re-list.
     */
    private static final class CountingView implements ClusterView {
        final Map<ObjectId, LiveObject> objects = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();
        volatile boolean silently;

        void put(Manifest m) {
            LiveObject o = LiveObject.of(m);
            boolean added = objects.put(o.key().id(), o) == null;
            if (!silently) {
                listeners.forEach(l -> l.accept(new ChangeEvent(added ? ChangeEvent.Type.ADDED
                        : ChangeEvent.Type.MODIFIED, o)));
            }
        }

        void resync(GroupKind kind) {
            listeners.forEach(l -> l.accept(ChangeEvent.resynced(kind)));
        }

        @Override
        public Optional<LiveObject> get(ResourceKey key) {
            reads.incrementAndGet();
            return Optional.ofNullable(objects.get(key.id()));
        }

        @Override
        public Optional<LiveObject> get(ObjectId id) {
            reads.incrementAndGet();
            return Optional.ofNullable(objects.get(id));
        }

        @Override
        public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
            return List.of();
        }

        @Override
        public Optional<KindInfo> kind(GroupKind kind) {
            return Optional.empty();
        }

        @Override
        public List<KindInfo> kinds() {
            return List.of();
        }

        @Override
        public Optional<ServerVersion> serverVersion() {
            return Optional.empty();
        }

        @Override
        public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
            Consumer<ChangeEvent> ofKinds = e -> {
                if (kinds.contains(e.kind())) {
                    listener.accept(e);
                }
            };
            listeners.add(ofKinds);
            open.incrementAndGet();
            subscribed.complete(null);
            return () -> {
                listeners.remove(ofKinds);
                open.decrementAndGet();
            };
        }
    }
}
