package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.TargetException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * Reads objects from the API server, uncached: one GET per object, paginated LISTs ({@value #PAGE} per page; an
 * expired continue token restarts the list), and the objects of one collection with given names by such a list
 * ({@link #find}). Thread-safe; blocks on I/O.
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
        Pages p = pages(kind, kind.info().preferredVersion(), namespace, labelSelector, name -> true,
                Integer.MAX_VALUE);
        return new Listing(p.items(), p.resourceVersion());
    }

    /**
     * What {@link #find} read.
     *
     * @param objects the objects found, by name
     * @param complete whether the whole collection was read: then a name without an object does not exist
     */
    public record Found(Map<String, LiveObject> objects, boolean complete) {
        public Found {
            objects = Map.copyOf(objects);
        }
    }

    /**
     * Reads the objects of one collection ({@code namespace} of a namespaced kind, or a cluster-scoped kind with
     * {@code ""}) that have the given names, with one paginated list of the collection in {@code version} and no label
     * selector, so objects of every owner are seen. Other objects are dropped as each page arrives. Reading stops after
     * {@code maxPages} pages (restarts after an expired continue token count too). A list that fails or is not allowed
     * reads nothing: the caller reads the names one by one, and gets the answers and errors those reads give.
     *
     * @return the objects found by name, and whether the whole collection was read
     */
    public Found find(ServedKind kind, String version, String namespace, Set<String> names, int maxPages) {
        try {
            Pages p = pages(kind, version, namespace, "", names::contains, maxPages);
            Map<String, LiveObject> found = new HashMap<>();
            p.items().forEach(o -> found.put(o.key().name(), o));
            return new Found(found, p.complete());
        } catch (TargetException e) {
            return new Found(Map.of(), false);
        }
    }

    /** The kept items of a paged read (sorted by namespace and name), its resourceVersion, whether it ended. */
    private record Pages(List<LiveObject> items, String resourceVersion, boolean complete) {}

    /**
     * Reads a collection in {@code version} page by page ({@value #PAGE} items each), keeping the items whose name
     * {@code keep} accepts; an expired continue token (410) restarts the list, at most three times.
     *
     * @throws TargetException when a page cannot be read
     */
    private Pages pages(ServedKind kind, String version, String namespace, String labelSelector,
            Predicate<String> keep, int maxPages) {
        String group = kind.info().kind().group();
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        String doing = "list " + kind.info().kind() + (namespace.isEmpty() ? "" : " in " + namespace);
        int read = 0;
        for (int restart = 0; ; restart++) {
            List<LiveObject> items = new ArrayList<>();
            String cont = "";
            String rv = "";
            boolean expired = false;
            do {
                if (read == maxPages) {
                    items.sort(ORDER);
                    return new Pages(List.copyOf(items), rv, false);
                }
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
                read++;
                if (r.code() == 410 && !cont.isEmpty() && restart < 3) {
                    expired = true;
                    break;
                }
                if (!r.isSuccess()) {
                    throw ApiFailures.exception(null, doing, r);
                }
                Map<String, Object> body = r.json();
                for (Object item : Json.list(body, "items")) {
                    if (item instanceof Map<?, ?> m && keep.test(Json.string(Json.map(m, "metadata"), "name"))) {
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
                return new Pages(List.copyOf(items), rv, true);
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
