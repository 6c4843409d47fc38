package io.gitops4j.testkit.engine;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A target that passes every call to another, and lets a test watch two things: an apply batch holding the object
 * named {@code held} waits until {@link #release()} (after {@link #awaitHeld} saw it arrive), and the change-feed
 * subscriptions opened through its view are counted until closed. Thread-safe.
 */
final class ObservedTarget implements Target {
    private final Target delegate;
    private final String held;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger openWatches = new AtomicInteger();
    private final ClusterView view;

    /** @param held the name of the object whose apply waits for {@link #release()}; {@code ""} holds nothing */
    ObservedTarget(Target delegate, String held) {
        this.delegate = delegate;
        this.held = held;
        this.view = new CountingView(delegate.view());
    }

    /** Waits until an apply of the held object arrived. @throws AssertionError at the deadline */
    void awaitHeld(Duration deadline) throws InterruptedException {
        if (!arrived.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no apply of " + held + " arrived");
        }
    }

    /** Lets the held apply go on. */
    void release() {
        released.countDown();
    }

    /** @return the target this one passes calls to */
    Target delegate() {
        return delegate;
    }

    /** @return change-feed subscriptions opened and not closed */
    int openWatches() {
        return openWatches.get();
    }

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        if (requests.stream().anyMatch(r -> r.key().name().equals(held))) {
            arrived.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return delegate.applyAll(requests, options, context);
    }

    @Override
    public List<ObjectResult> createAll(List<io.gitops4j.api.resource.Manifest> objects, ApplyOptions options,
            WriteContext context) {
        return delegate.createAll(objects, options, context);
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        return delegate.deleteAll(requests, options, context);
    }

    @Override
    public InventoryStore inventories() {
        return delegate.inventories();
    }

    /** The view, counting subscriptions. */
    private final class CountingView implements ClusterView {
        private final ClusterView view;

        CountingView(ClusterView view) {
            this.view = view;
        }

        @Override
        public Optional<LiveObject> get(ResourceKey key) {
            return view.get(key);
        }

        @Override
        public Optional<LiveObject> get(ObjectId id) {
            return view.get(id);
        }

        @Override
        public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
            return view.list(kind, namespace, labelSelector);
        }

        @Override
        public Optional<KindInfo> kind(GroupKind kind) {
            return view.kind(kind);
        }

        @Override
        public List<KindInfo> kinds() {
            return view.kinds();
        }

        @Override
        public Optional<ServerVersion> serverVersion() {
            return view.serverVersion();
        }

        @Override
        public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
            AutoCloseable watch = view.watch(kinds, listener);
            openWatches.incrementAndGet();
            return new AutoCloseable() {
                private boolean closed;

                @Override
                public synchronized void close() throws Exception {
                    if (!closed) {
                        closed = true;
                        openWatches.decrementAndGet();
                    }
                    watch.close();
                }
            };
        }
    }
}
