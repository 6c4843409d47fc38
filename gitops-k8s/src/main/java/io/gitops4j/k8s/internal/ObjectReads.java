package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.TargetException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Reads objects from the API server, uncached: one GET per object, paginated LISTs ({@value #PAGE} per page; an
 * expired continue token restarts the list). Thread-safe; blocks on I/O.
 */
public final class ObjectReads {
    static final int PAGE = 500;
    private static final Comparator<LiveObject> ORDER = Comparator
            .comparing((LiveObject o) -> o.key().namespace()).thenComparing(o -> o.key().name());

    private final Retrying http;
    private final Discovery discovery;

    /** @param http where requests go; @param discovery what is served */
    public ObjectReads(Retrying http, Discovery discovery) {
        this.http = http;
        this.discovery = discovery;
    }

    /**
     * @return the object read in {@code key.version()}, empty when it does not exist
     * @throws TargetException {@code UNKNOWN_KIND} when the kind is not served in that version
     */
    public Optional<LiveObject> get(ResourceKey key) {
        ServedKind kind = discovery.find(key.groupKind(), key.version())
                .orElseThrow(() -> ApiFailures.unknownKind(key));
        return get(kind, key);
    }

    /** @return the object read in the kind's preferred version; empty when absent or not served */
    public Optional<LiveObject> get(ObjectId id) {
        Optional<ServedKind> kind = discovery.find(id.groupKind());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        return get(kind.get(), id.inVersion(kind.get().info().preferredVersion()));
    }

    /** @return the object in {@code key.version()} of a kind known to be served; empty when it does not exist */
    public Optional<LiveObject> get(ServedKind kind, ResourceKey key) {
        String path = ObjectPaths.object(kind, key.group(), key.version(), key.namespace(), key.name());
        ApiResponse r;
        try {
            r = http.read(ApiRequest.of("GET", path));
        } catch (IOException e) {
            throw ApiFailures.unreachable(key, "read", e);
        }
        if (r.code() == 404) {
            if (r.status().namesObject()) {
                return Optional.empty();
            }
            throw ApiFailures.unknownKind(key);
        }
        if (!r.isSuccess()) {
            throw ApiFailures.exception(key, "read", r);
        }
        return Optional.of(LiveObjects.of(r.json(), key.apiVersion(), key.kind()));
    }

    /**
     * Lists a kind in its preferred version.
     *
     * @return the objects sorted by namespace and name; empty when the kind is not served
     */
    public List<LiveObject> list(GroupKind gk, String namespace, Map<String, String> labels) {
        Optional<ServedKind> kind = discovery.find(gk);
        if (kind.isEmpty()) {
            return List.of();
        }
        return list(kind.get(), namespace, selector(labels)).items();
    }

    /**
     * A consistent list (all pages of one snapshot) and its resourceVersion.
     *
     * @param items the objects, sorted by namespace and name
     * @param resourceVersion the list's resourceVersion, to watch from
     */
    public record Listing(List<LiveObject> items, String resourceVersion) {}

    /**
     * Lists all pages of a kind in its preferred version with a label selector (a label selector string,
     * {@code ""} for all). An expired continue token (410) restarts the list, at most three times.
     */
    public Listing list(ServedKind kind, String namespace, String labelSelector) {
        String group = kind.info().kind().group();
        String version = kind.info().preferredVersion();
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        String doing = "list " + kind.info().kind() + (namespace.isEmpty() ? "" : " in " + namespace);
        for (int restart = 0; ; restart++) {
            List<LiveObject> items = new ArrayList<>();
            String cont = "";
            String rv = "";
            boolean expired = false;
            do {
                ApiRequest req = ApiRequest.of("GET", ObjectPaths.collection(kind, group, version, namespace))
                        .withQuery("limit", Integer.toString(PAGE));
                if (!labelSelector.isEmpty()) {
                    req = req.withQuery("labelSelector", labelSelector);
                }
                if (!cont.isEmpty()) {
                    req = req.withQuery("continue", cont);
                }
                ApiResponse r;
                try {
                    r = http.read(req);
                } catch (IOException e) {
                    throw ApiFailures.unreachable(null, doing, e);
                }
                if (r.code() == 410 && !cont.isEmpty() && restart < 3) {
                    expired = true;
                    break;
                }
                if (!r.isSuccess()) {
                    throw ApiFailures.exception(null, doing, r);
                }
                Map<String, Object> body = r.json();
                for (Object item : Json.list(body, "items")) {
                    if (item instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> tree = (Map<String, Object>) m;
                        items.add(LiveObjects.of(tree, apiVersion, kind.info().kind().kind()));
                    }
                }
                Map<String, Object> meta = Json.map(body, "metadata");
                cont = Json.string(meta, "continue");
                if (rv.isEmpty()) {
                    rv = Json.string(meta, "resourceVersion");
                }
            } while (!cont.isEmpty());
            if (!expired) {
                items.sort(ORDER);
                return new Listing(List.copyOf(items), rv);
            }
        }
    }

    /** @return a label selector requiring each label to have its value */
    public static String selector(Map<String, String> labels) {
        StringJoiner j = new StringJoiner(",");
        labels.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
