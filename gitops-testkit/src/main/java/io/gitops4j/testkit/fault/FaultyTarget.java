package io.gitops4j.testkit.fault;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.testkit.FakeKube;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link Target} whose calls pass the {@link Faults} rules first: {@code get}/{@code list}/{@code listOwnedBy}
 * are GET/LIST, {@code apply} is PATCH, {@code delete} DELETE, {@code watch} WATCH (at subscription), inventory reads
 * and writes are GET and PATCH with no resource (only unscoped rules hit them). {@code health} is not intercepted.
 * A fired answer becomes the {@link TargetException} a Kubernetes target throws for that status (429/5xx/reset:
 * UNAVAILABLE, 409: STALE, 403: FORBIDDEN, 400/422: INVALID, 404: UNKNOWN_KIND or NOT_FOUND).
 */
final class FaultyTarget implements Target {
    private final Target delegate;
    private final Faults faults;
    private final FakeKube kube;

    FaultyTarget(Target delegate, Faults faults, FakeKube kube) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
        this.faults = faults;
        this.kube = kube;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        check(Verb.GET, key);
        return delegate.get(key);
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        check(new RequestInfo("list", "", kind.group(), plural(kind.group(), "", kind.kind()), "", namespace, ""),
                null);
        return delegate.list(kind, namespace, labelSelector);
    }

    @Override
    public List<LiveObject> listOwnedBy(String ownerUid, List<GroupKind> kinds) {
        check(new RequestInfo("list", "", "", "", "", "", ""), null);
        return delegate.listOwnedBy(ownerUid, kinds);
    }

    @Override
    public LiveObject apply(Manifest desired, ApplyOptions options) {
        check(Verb.PATCH, desired.key());
        return delegate.apply(desired, options);
    }

    @Override
    public boolean delete(ResourceKey key, DeleteOptions options) {
        check(Verb.DELETE, key);
        return delegate.delete(key, options);
    }

    @Override
    public AutoCloseable watch(List<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        check(new RequestInfo("watch", "", "", "", "", "", ""), null);
        return delegate.watch(kinds, listener);
    }

    @Override
    public Health health(ResourceKey key) {
        return delegate.health(key);
    }

    @Override
    public Optional<Inventory> readInventory(String application) {
        check(new RequestInfo("get", "", "", "", "", "", application), null);
        return delegate.readInventory(application);
    }

    @Override
    public void writeInventory(Inventory inventory) {
        check(new RequestInfo("patch", "", "", "", "", "", inventory.application()), null);
        delegate.writeInventory(inventory);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void check(Verb verb, ResourceKey key) {
        check(new RequestInfo(verb.wireName(), "", key.group(), plural(key.group(), key.version(), key.kind()), "",
                key.namespace(), key.name()), key);
    }

    private void check(RequestInfo request, ResourceKey key) {
        Optional<FaultResponse> answer = faults.beforeRequest(request);
        if (answer.isEmpty() || answer.get().code() == 200) {
            return;
        }
        FaultResponse r = answer.get();
        String prefix = key == null ? "" : key.displayName() + ": ";
        if (r.reset()) {
            throw new TargetException(key, TargetException.Reason.UNAVAILABLE,
                    prefix + "connection reset by the API server");
        }
        String message = prefix + r.body().getOrDefault("message", "injected fault");
        throw new TargetException(key, reason(r.code(), String.valueOf(r.body().get("message"))), message);
    }

    private static TargetException.Reason reason(int code, String message) {
        switch (code) {
            case 409: return TargetException.Reason.STALE;
            case 403: return TargetException.Reason.FORBIDDEN;
            case 400: case 422: return TargetException.Reason.INVALID;
            case 404: return message.contains("could not find the requested resource")
                    ? TargetException.Reason.UNKNOWN_KIND : TargetException.Reason.NOT_FOUND;
            case 413: return TargetException.Reason.TOO_LARGE;
            default: return TargetException.Reason.UNAVAILABLE;
        }
    }

    private String plural(String group, String version, String kind) {
        if (kube != null) {
            String apiVersion = group.isEmpty() ? (version.isEmpty() ? "v1" : version) : group + "/" + version;
            try {
                if (!version.isEmpty()) {
                    return kube.typeOf(apiVersion, kind).plural();
                }
            } catch (RuntimeException e) {
                // unknown kind: fall back to the usual plural
            }
        }
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower.endsWith("s") ? lower + "es" : lower + "s";
    }
}
