package io.gitops4j.k8s;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
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
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.engine.EngineTargets;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WatchEvent;
import io.gitops4j.testkit.kube.WriteObserver;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs the testkit's engine tests against {@link KubernetesTarget}: each target they ask for is a KubernetesTarget over
 * HTTP to a {@link FakeApiServer} serving their fake; closing it closes both.
 *
 * <p>Two things differ from the in-process fake target, and the tests were written for the latter: the Kubernetes
 * target reads watched kinds from a cache that a watch fills a moment after a change, and it writes a batch in
 * parallel. The engine tests change the fake directly and reconcile at once, or act between two writes of a batch. So
 * this target writes one object at a time, and its reads of a watched kind first wait (at most 10 s) until the cache
 * has seen the fake's latest change of that kind's managed objects — as if the reconcile had been triggered by that
 * change's watch event.
 */
public final class EngineTargetsOnKubernetes implements EngineTargets.Factory {
    @Override
    public Target over(FakeKube kube) {
        FakeApiServer server = FakeApiServer.builder().kube(kube).start();
        KubernetesTarget target = Fixtures.builder(server).concurrency(1).build();
        return new OverServer(server, target, new Settling(kube, target.view()));
    }

    /** The Kubernetes target, the server it talks to, and its view waiting for the cache. */
    private record OverServer(FakeApiServer server, KubernetesTarget target, Settling view) implements Target {
        @Override
        public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
            return target.applyAll(requests, options, context);
        }

        @Override
        public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
            return target.createAll(objects, options, context);
        }

        @Override
        public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options,
                WriteContext context) {
            return target.deleteAll(requests, options, context);
        }

        @Override
        public InventoryStore inventories() {
            return target.inventories();
        }

        @Override
        public PinStore pins() {
            return target.pins();
        }

        @Override
        public void close() {
            view.close();
            target.close();
            server.close();
        }
    }

    /**
     * The target's view; a read of a watched kind waits until the change feed has delivered the fake's latest commit of
     * that kind's managed objects (those carrying the ownership label before or after the change).
     */
    private static final class Settling implements ClusterView, WriteObserver, AutoCloseable {
        private static final String LABEL = "gitops4j.io/application";

        private final FakeKube kube;
        private final ClusterView view;
        private final Map<GroupKind, Long> committed = new ConcurrentHashMap<>();
        private final Map<GroupKind, Long> delivered = new ConcurrentHashMap<>();
        private final Set<String> labelled = ConcurrentHashMap.newKeySet();

        Settling(FakeKube kube, ClusterView view) {
            this.kube = kube;
            this.view = view;
            kube.addObserver(this);
        }

        @Override
        public void written(ResourceType type, WatchEvent event) {
            Map<?, ?> meta = (Map<?, ?>) event.object().get("metadata");
            String id = type.group() + "/" + type.kind() + "/" + meta.get("namespace") + "/" + meta.get("name");
            boolean now = meta.get("labels") instanceof Map<?, ?> l && l.containsKey(LABEL)
                    && event.type() != WatchEvent.Type.DELETED;
            boolean before = now ? !labelled.add(id) : labelled.remove(id);
            if (now || before) {
                committed.merge(new GroupKind(type.group(), type.kind()),
                        Long.parseLong(String.valueOf(meta.get("resourceVersion"))), Math::max);
            }
        }

        private void settle(GroupKind kind) {
            Long want = committed.get(kind);
            Long seen = delivered.get(kind);
            if (want == null || seen == null) {
                return; // nothing managed changed, or the kind is not watched (read from the server)
            }
            Fixtures.eventually(Duration.ofSeconds(10), () -> delivered.getOrDefault(kind, 0L) >= want);
        }

        @Override
        public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
            long before = Long.parseLong(kube.resourceVersion());
            AutoCloseable handle = view.watch(kinds, e -> {
                e.object().ifPresent(o -> delivered.merge(e.kind(), Long.parseLong(o.resourceVersion()), Math::max));
                listener.accept(e);
            });
            kinds.forEach(k -> delivered.merge(k, before, Math::max)); // the first list held everything up to here
            return handle;
        }

        @Override
        public Optional<LiveObject> get(ResourceKey key) {
            settle(key.groupKind());
            return view.get(key);
        }

        @Override
        public Map<ResourceKey, LiveObject> getAll(Collection<ResourceKey> keys) {
            keys.stream().map(ResourceKey::groupKind).distinct().forEach(this::settle);
            return view.getAll(keys);
        }

        @Override
        public Optional<LiveObject> get(ObjectId id) {
            settle(id.groupKind());
            return view.get(id);
        }

        @Override
        public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
            settle(kind);
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
        public void close() {
            kube.removeObserver(this);
        }
    }
}
