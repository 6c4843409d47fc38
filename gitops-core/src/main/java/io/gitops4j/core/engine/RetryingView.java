package io.gitops4j.core.engine;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A target's view whose reads are retried within a pass's budget when they fail transiently ({@link PassRetry}).
 * The change feed is the target's own. Thread-safe as the view it wraps.
 */
final class RetryingView implements ClusterView {
    private final ClusterView view;
    private final PassRetry retry;

    RetryingView(ClusterView view, PassRetry retry) {
        this.view = view;
        this.retry = retry;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        return retry.call(() -> view.get(key));
    }

    @Override
    public Map<ResourceKey, LiveObject> getAll(Collection<ResourceKey> keys) {
        return retry.call(() -> view.getAll(keys));
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        return retry.call(() -> view.get(id));
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        return retry.call(() -> view.list(kind, namespace, labelSelector));
    }

    @Override
    public Optional<KindInfo> kind(GroupKind kind) {
        return retry.call(() -> view.kind(kind));
    }

    @Override
    public List<KindInfo> kinds() {
        return retry.call(view::kinds);
    }

    @Override
    public Optional<ServerVersion> serverVersion() {
        return retry.call(view::serverVersion);
    }

    @Override
    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        return view.watch(kinds, listener);
    }
}
