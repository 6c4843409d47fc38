package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The read side without a cache: every read is a request. Thread-safe; blocks on I/O.
 */
public final class DirectView implements ClusterView {
    private final ObjectReads reads;
    private final Discovery discovery;

    /** @param reads uncached reads; @param discovery what is served */
    public DirectView(ObjectReads reads, Discovery discovery) {
        this.reads = reads;
        this.discovery = discovery;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        return reads.get(key);
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        return reads.get(id);
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        return reads.list(kind, namespace, labelSelector);
    }

    @Override
    public Optional<KindInfo> kind(GroupKind kind) {
        return discovery.find(kind).map(ServedKind::info);
    }

    @Override
    public List<KindInfo> kinds() {
        return discovery.all();
    }

    @Override
    public Optional<ServerVersion> serverVersion() {
        return Optional.of(discovery.serverVersion());
    }

    /** @throws UnsupportedOperationException always: the change feed comes with the watch cache */
    @Override
    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        throw new UnsupportedOperationException("the Kubernetes target's change feed is not built yet");
    }
}
