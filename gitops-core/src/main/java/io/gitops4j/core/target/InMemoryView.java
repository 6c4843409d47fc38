package io.gitops4j.core.target;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The read side of an {@link InMemoryTarget}: reads go to the store (which is its own cache, so read-your-writes
 * holds trivially); an object read in another version than it was written in is relabelled, as a server that
 * converts between served versions would return it. No server version is known. Watch listeners run on the
 * writing thread; one that throws is ignored. Thread-safe.
 */
final class InMemoryView implements ClusterView {
    private final InMemoryTarget store;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    InMemoryView(InMemoryTarget store) {
        this.store = store;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        return store.find(key.id()).map(m -> m.apiVersion().equals(key.apiVersion()) ? m
                : m.with("apiVersion", key.apiVersion())).map(LiveObject::of);
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        return store.find(id).map(LiveObject::of);
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        List<LiveObject> out = new ArrayList<>();
        for (Manifest m : store.snapshot()) {
            if (m.groupKind().equals(kind) && (namespace.isEmpty() || namespace.equals(m.namespace()))
                    && m.labels().entrySet().containsAll(labelSelector.entrySet())) {
                out.add(LiveObject.of(m));
            }
        }
        out.sort(Comparator.comparing((LiveObject o) -> o.key().namespace()).thenComparing(o -> o.key().name()));
        return out;
    }

    @Override
    public Optional<KindInfo> kind(GroupKind kind) {
        return Optional.of(InMemoryKinds.of(kind, store.snapshot()));
    }

    @Override
    public List<KindInfo> kinds() {
        return InMemoryKinds.all(store.snapshot());
    }

    @Override
    public Optional<ServerVersion> serverVersion() {
        return Optional.empty();
    }

    @Override
    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        Subscription s = new Subscription(Set.copyOf(kinds), listener);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    void publish(ChangeEvent event) {
        for (Subscription s : subscriptions) {
            if (s.kinds().contains(event.kind())) {
                try {
                    s.listener().accept(event);
                } catch (RuntimeException ignored) {
                    // a failing listener must not break the writer or other listeners
                }
            }
        }
    }

    private record Subscription(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {}
}
