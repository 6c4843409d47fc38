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
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.RequestRecord;

import java.time.Duration;
import java.time.Instant;

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
 *
 * <p>With a {@link RequestLog}, every call is recorded as the request a Kubernetes target would send (verb, an
 * API path of the real shape, status, duration), so the request-log assertions work for direct targets too.
 */
final class FaultyTarget implements Target {
    private final Target delegate;
    private final Faults faults;
    private final FakeKube kube;
    private final RequestLog log;

    FaultyTarget(Target delegate, Faults faults, FakeKube kube, RequestLog log) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
        this.faults = faults;
        this.kube = kube;
        this.log = log;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        return call(info(Verb.GET, key), key, () -> delegate.get(key), found -> found.isPresent() ? 200 : 404);
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        RequestInfo info = new RequestInfo("list", "", kind.group(), plural(kind.group(), "", kind.kind()), "",
                namespace, "");
        return call(info, null, () -> delegate.list(kind, namespace, labelSelector), r -> 200);
    }

    @Override
    public List<LiveObject> listOwnedBy(String ownerUid, List<GroupKind> kinds) {
        return call(new RequestInfo("list", "", "", "", "", "", ""), null,
                () -> delegate.listOwnedBy(ownerUid, kinds), r -> 200);
    }

    @Override
    public LiveObject apply(Manifest desired, ApplyOptions options) {
        return call(info(Verb.PATCH, desired.key()), desired.key(), () -> delegate.apply(desired, options),
                r -> 200);
    }

    @Override
    public boolean delete(ResourceKey key, DeleteOptions options) {
        return call(info(Verb.DELETE, key), key, () -> delegate.delete(key, options), deleted -> deleted ? 200 : 404);
    }

    @Override
    public AutoCloseable watch(List<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        return call(new RequestInfo("watch", "", "", "", "", "", ""), null, () -> delegate.watch(kinds, listener),
                r -> 200);
    }

    @Override
    public Health health(ResourceKey key) {
        return delegate.health(key);
    }

    @Override
    public Optional<Inventory> readInventory(String application) {
        return call(new RequestInfo("get", "inventory/" + application, "", "", "", "", application), null,
                () -> delegate.readInventory(application), found -> found.isPresent() ? 200 : 404);
    }

    @Override
    public void writeInventory(Inventory inventory) {
        call(new RequestInfo("patch", "inventory/" + inventory.application(), "", "", "", "",
                inventory.application()), null, () -> {
                    delegate.writeInventory(inventory);
                    return Boolean.TRUE;
                }, r -> 200);
    }

    private RequestInfo info(Verb verb, ResourceKey key) {
        String plural = plural(key.group(), key.version(), key.kind());
        String base = key.group().isEmpty() ? "/api/" + key.version() : "/apis/" + key.group() + "/" + key.version();
        String ns = key.namespace().isEmpty() ? "" : "/namespaces/" + key.namespace();
        return new RequestInfo(verb.wireName(), base + ns + "/" + plural + "/" + key.name(), key.group(), plural, "",
                key.namespace(), key.name());
    }

    /** Runs one call: the fault rules first, then the delegate; records it when there is a log. */
    private <T> T call(RequestInfo info, ResourceKey key, java.util.function.Supplier<T> body,
                       java.util.function.ToIntFunction<T> status) {
        Instant arrived = Instant.now();
        long started = System.nanoTime();
        int code = 500;
        try {
            check(info, key);
            T result = body.get();
            code = status.applyAsInt(result);
            return result;
        } catch (TargetException e) {
            code = codeOf(e);
            throw e;
        } finally {
            if (log != null) {
                log.add(new RequestRecord(arrived, info.verb(), method(info.verb()),
                        info.path().isEmpty() ? "/" + info.verb() : info.path(), "", info.resource(), code,
                        Duration.ofNanos(System.nanoTime() - started)));
            }
        }
    }

    private int codeOf(TargetException e) {
        if (e instanceof InjectedFailure injected) {
            return injected.code;
        }
        switch (e.reason()) {
            case CONFLICT: case STALE: return 409;
            case NOT_FOUND: case UNKNOWN_KIND: return 404;
            case INVALID: return 422;
            case FORBIDDEN: return 403;
            case TOO_LARGE: return 413;
            default: return 503;
        }
    }

    private static String method(String verb) {
        switch (verb) {
            case "create": return "POST";
            case "update": return "PUT";
            case "patch": return "PATCH";
            case "delete": case "deletecollection": return "DELETE";
            default: return "GET";
        }
    }

    /** A TargetException from an injected answer, remembering the HTTP code for the log. */
    private static final class InjectedFailure extends TargetException {
        private static final long serialVersionUID = 1L;
        private final transient int code;

        InjectedFailure(ResourceKey key, Reason reason, String message, int code) {
            super(key, reason, message);
            this.code = code;
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void check(RequestInfo request, ResourceKey key) {
        Optional<FaultResponse> answer = faults.beforeRequest(request);
        if (answer.isEmpty() || answer.get().code() == 200) {
            return;
        }
        FaultResponse r = answer.get();
        String prefix = key == null ? "" : key.displayName() + ": ";
        if (r.reset()) {
            throw new InjectedFailure(key, TargetException.Reason.UNAVAILABLE,
                    prefix + "connection reset by the API server", 500);
        }
        String message = prefix + r.body().getOrDefault("message", "injected fault");
        throw new InjectedFailure(key, reason(r.code(), String.valueOf(r.body().get("message"))), message, r.code());
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
