package io.gitops4j.testkit.fault;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The read side of a {@link FaultyTarget}: {@code get} is a GET of the object (in its preferred version for an
 * identity), {@code list} a LIST, {@code watch} a WATCH at subscription; each passes the fault rules first and is
 * logged. An injected 200 with a body (a CRD still installing, see {@link Faults#slowCrd}) is returned as the object;
 * a kind whose CRD is still installing is not served. Discovery ({@code kind}, {@code kinds}) and the server version
 * are not requests: a Kubernetes target serves them from its discovery cache. Thread-safe.
 */
final class FaultyView implements ClusterView {
    private final ClusterView delegate;
    private final FaultGate gate;

    FaultyView(ClusterView delegate, FaultGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        return read(key, () -> delegate.get(key));
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        Optional<KindInfo> kind = kind(id.groupKind());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        ResourceKey key = id.inVersion(kind.get().preferredVersion());
        return read(key, () -> delegate.get(id));
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        String version = kind(kind).map(KindInfo::preferredVersion).orElse("");
        String plural = gate.plural(kind.group(), version, kind.kind());
        RequestInfo info = new RequestInfo("list", "", kind.group(), plural, "", namespace, "");
        return gate.call(info, null, "listing " + (kind.group().isEmpty() ? plural : plural + "." + kind.group()),
                () -> delegate.list(kind, namespace, labelSelector), r -> 200);
    }

    @Override
    public Optional<KindInfo> kind(GroupKind kind) {
        return delegate.kind(kind).filter(k -> !gate.faults().hidesKind(k.kind().group(), k.resource()));
    }

    @Override
    public List<KindInfo> kinds() {
        return delegate.kinds().stream().filter(k -> !gate.faults().hidesKind(k.kind().group(), k.resource()))
                .toList();
    }

    @Override
    public Optional<ServerVersion> serverVersion() {
        return delegate.serverVersion();
    }

    @Override
    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        return gate.call(new RequestInfo("watch", "", "", "", "", "", ""), null, "watching " + kinds.size()
                + " kinds", () -> delegate.watch(kinds, listener), r -> 200);
    }

    private Optional<LiveObject> read(ResourceKey key, java.util.function.Supplier<Optional<LiveObject>> body) {
        RequestInfo info = gate.info(Verb.GET, key);
        Optional<FaultResponse> answer = gate.fire(info);
        if (answer.isPresent() && answer.get().code() == 200 && !answer.get().reset()) {
            gate.record(info, 200, Instant.now(), System.nanoTime());
            return Optional.of(LiveObject.of(Manifest.of(answer.get().body())));
        }
        if (answer.isPresent()) {
            gate.record(info, answer.get().reset() ? 500 : answer.get().code(), Instant.now(), System.nanoTime());
            throw FaultGate.exception(answer.get(), key, "reading");
        }
        return gate.call(info, key, "reading", body, found -> found.isPresent() ? 200 : 404);
    }
}
