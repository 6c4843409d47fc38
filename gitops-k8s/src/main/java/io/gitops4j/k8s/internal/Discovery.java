package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.api.target.TargetException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server serves, read once and kept: aggregated discovery ({@code /api} and {@code /apis}, two
 * requests) where the server offers it, the legacy documents (one per group version) where it does not. A kind not
 * found is looked up again once, with a fresh read, before the answer is "not served" (DA-08): a CRD applied moments
 * ago is usable as soon as the server serves it. Concurrent misses share one refresh.
 *
 * <p>Thread-safe; blocks on I/O when it reads.
 */
public final class Discovery {
    static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private final Retrying http;
    private final String accept;
    private volatile Map<GroupKind, ServedKind> kinds;
    private volatile ServerVersion version;
    private long generation;
    private final List<Runnable> refreshListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param http where requests go */
    public Discovery(Retrying http) {
        this(http, AGGREGATED);
    }

    /** A discovery asking with another {@code Accept} header (plain JSON: the legacy documents only). */
    Discovery(Retrying http, String accept) {
        this.http = http;
        this.accept = accept;
    }

    /**
     * @return the kind, read again once when it is not known yet; empty when the server does not serve it
     * @throws TargetException {@code UNAVAILABLE} when discovery cannot be read
     */
    public Optional<ServedKind> find(GroupKind kind) {
        long seen;
        synchronized (this) {
            seen = generation;
        }
        Map<GroupKind, ServedKind> now = current();
        ServedKind k = now.get(kind);
        if (k != null) {
            return Optional.of(k);
        }
        return Optional.ofNullable(refresh(seen).get(kind));
    }

    /**
     * @return the kind if it is served in {@code version}, read again once when it is not known to be
     * @throws TargetException {@code UNAVAILABLE} when discovery cannot be read
     */
    public Optional<ServedKind> find(GroupKind kind, String version) {
        long seen;
        synchronized (this) {
            seen = generation;
        }
        ServedKind k = current().get(kind);
        if (k != null && k.info().serves(version)) {
            return Optional.of(k);
        }
        k = refresh(seen).get(kind);
        return k != null && k.info().serves(version) ? Optional.of(k) : Optional.empty();
    }

    /** Runs {@code listener} after every read of discovery (on the reading thread; it must not block). */
    public void onRefresh(Runnable listener) {
        refreshListeners.add(listener);
    }

    /** @return the kind if it is known now, without reading again */
    public Optional<ServedKind> known(GroupKind kind) {
        return Optional.ofNullable(current().get(kind));
    }

    /** @return every served kind, sorted by group and kind */
    public List<KindInfo> all() {
        List<KindInfo> out = new ArrayList<>();
        current().values().forEach(k -> out.add(k.info()));
        out.sort(Comparator.comparing((KindInfo i) -> i.kind().group()).thenComparing(i -> i.kind().kind()));
        return out;
    }

    /** @return the server's version ({@code /version}), read once */
    public ServerVersion serverVersion() {
        ServerVersion v = version;
        if (v == null) {
            ApiResponse r = get(ApiRequest.of("GET", "/version"), "read the server version");
            v = ServerVersion.parse(Json.string(r.json(), "gitVersion"));
            version = v;
        }
        return v;
    }

    private Map<GroupKind, ServedKind> current() {
        Map<GroupKind, ServedKind> k = kinds;
        return k != null ? k : refresh(-1);
    }

    /** Reads discovery again unless another thread did since generation {@code seen}. */
    private synchronized Map<GroupKind, ServedKind> refresh(long seen) {
        if (kinds != null && generation != seen) {
            return kinds;
        }
        DiscoveryDocuments docs = new DiscoveryDocuments();
        ApiResponse core = get(ApiRequest.of("GET", "/api").withAccept(accept), "read discovery");
        if (isAggregated(core)) {
            docs.addAggregated(core.json());
            docs.addAggregated(get(ApiRequest.of("GET", "/apis").withAccept(accept), "read discovery").json());
        } else {
            readLegacy(docs, core);
        }
        kinds = Map.copyOf(docs.result());
        generation++;
        refreshListeners.forEach(Runnable::run);
        return kinds;
    }

    private void readLegacy(DiscoveryDocuments docs, ApiResponse core) {
        for (Object v : Json.list(core.json(), "versions")) {
            if (v instanceof String version) {
                docs.addLegacy("", version, get(ApiRequest.of("GET", "/api/" + version), "read discovery").json());
            }
        }
        Map<String, Object> groups = get(ApiRequest.of("GET", "/apis"), "read discovery").json();
        for (Object g : Json.list(groups, "groups")) {
            if (!(g instanceof Map<?, ?> group)) {
                continue;
            }
            String name = Json.string(group, "name");
            String preferred = Json.string(Json.map(group, "preferredVersion"), "version");
            List<String> versions = new ArrayList<>();
            if (!preferred.isEmpty()) {
                versions.add(preferred);
            }
            for (Object v : Json.list(group, "versions")) {
                if (v instanceof Map<?, ?> gv && !versions.contains(Json.string(gv, "version"))) {
                    versions.add(Json.string(gv, "version"));
                }
            }
            for (String version : versions) {
                ApiResponse r = send(ApiRequest.of("GET", "/apis/" + name + "/" + version), "read discovery");
                if (r.isSuccess()) {
                    docs.addLegacy(name, version, r.json());
                }
            }
        }
    }

    private static boolean isAggregated(ApiResponse r) {
        return r.contentType().contains("as=APIGroupDiscoveryList");
    }

    private ApiResponse get(ApiRequest request, String doing) {
        ApiResponse r = send(request, doing);
        if (!r.isSuccess()) {
            throw ApiFailures.exception(null, doing + " (" + request + ")", r);
        }
        return r;
    }

    private ApiResponse send(ApiRequest request, String doing) {
        try {
            return http.read(request);
        } catch (IOException e) {
            throw ApiFailures.unreachable(null, doing, e);
        }
    }
}
