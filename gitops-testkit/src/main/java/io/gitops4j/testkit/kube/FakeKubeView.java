package io.gitops4j.testkit.kube;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.core.target.ApiStatus;
import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The read side of a {@link FakeKubeTarget}: reads go straight to the fake (it is in memory, so no cache is kept;
 * read-your-writes holds), kinds come from its registry, the server version is the one the target announces, and
 * each {@link #watch} runs a {@link FakeKubeFeed}. Errors are classified by {@link ApiStatus}. Thread-safe.
 */
final class FakeKubeView implements ClusterView {
    private final FakeKube kube;
    private final ServerVersion version;
    private final OwnWrites own;
    private final Duration watchTimeout;
    private final List<FakeKubeFeed> feeds = new CopyOnWriteArrayList<>();

    FakeKubeView(FakeKube kube, ServerVersion version, OwnWrites own, Duration watchTimeout) {
        this.kube = kube;
        this.version = version;
        this.own = own;
        this.watchTimeout = watchTimeout;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        ResourceType type = FakeKubeTypes.exact(kube, key.groupKind(), key.version()).orElseThrow(() ->
                ApiStatus.of(404, FakeKubeException.noSuchResource().status()).exception(key, "reading"));
        return read(type, key.namespace(), key.name(), key);
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        Optional<ResourceType> type = FakeKubeTypes.preferred(kube, id.groupKind());
        return type.isEmpty() ? Optional.empty() : read(type.get(), id.namespace(), id.name(), null);
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        Optional<ResourceType> type = FakeKubeTypes.preferred(kube, kind);
        if (type.isEmpty()) {
            return List.of();
        }
        StringBuilder selector = new StringBuilder();
        labelSelector.forEach((k, v) -> selector.append(selector.length() == 0 ? "" : ",").append(k).append('=')
                .append(v));
        try {
            List<LiveObject> out = new ArrayList<>();
            for (Map<String, Object> o : kube.list(type.get(), type.get().namespaced() ? namespace : "",
                    ListOptions.defaults().withLabelSelector(selector.toString())).items()) {
                out.add(LiveObject.of(Manifest.of(o)));
            }
            return out;
        } catch (FakeKubeException e) {
            throw ApiStatus.of(e.code(), e.status()).exception(null, "listing " + type.get().groupResource());
        }
    }

    @Override
    public Optional<KindInfo> kind(GroupKind kind) {
        return FakeKubeTypes.info(kube, kind);
    }

    @Override
    public List<KindInfo> kinds() {
        List<KindInfo> out = new ArrayList<>();
        FakeKubeTypes.kinds(kube).forEach(k -> FakeKubeTypes.info(kube, k).ifPresent(out::add));
        out.sort((a, b) -> a.kind().group().equals(b.kind().group()) ? a.kind().kind().compareTo(b.kind().kind())
                : a.kind().group().compareTo(b.kind().group()));
        return out;
    }

    @Override
    public Optional<ServerVersion> serverVersion() {
        return Optional.of(version);
    }

    @Override
    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        FakeKubeFeed feed = new FakeKubeFeed(kube, Set.copyOf(kinds), listener, own, watchTimeout);
        feeds.add(feed);
        feed.start();
        return () -> {
            feeds.remove(feed);
            feed.close();
        };
    }

    /** Stops every feed. */
    void close() {
        feeds.forEach(FakeKubeFeed::close);
        feeds.clear();
    }

    private Optional<LiveObject> read(ResourceType type, String namespace, String name, ResourceKey key) {
        try {
            return Optional.of(LiveObject.of(Manifest.of(kube.get(type, type.namespaced() ? namespace : "", name))));
        } catch (FakeKubeException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw ApiStatus.of(e.code(), e.status()).exception(key, "reading");
        }
    }
}
