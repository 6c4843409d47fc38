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

/** A view that passes every call to another; a test overrides what it needs to observe or change. */
public class DelegatingView implements ClusterView {
    private final ClusterView view;

    public DelegatingView(ClusterView view) {
        this.view = view;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        return view.get(key);
    }

    @Override
    public Map<ResourceKey, LiveObject> getAll(Collection<ResourceKey> keys) {
        return view.getAll(keys);
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        return view.get(id);
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> selector) {
        return view.list(kind, namespace, selector);
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
        return view.watch(kinds, listener);
    }
}
