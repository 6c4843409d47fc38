package io.gitops4j.testkit;

import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.DeleteResult;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ListResult;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceRegistry;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.Watch;
import io.gitops4j.testkit.kube.WatchOptions;
import io.gitops4j.testkit.kube.WriteObserver;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.kube.WriteResult;
import io.gitops4j.testkit.kube.internal.KubeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory Kubernetes API with the semantics of a real API server (v1.33), usable without HTTP.
 *
 * <p>Every call is addressed the way a URL addresses it: a {@link ResourceType} (look it up with
 * {@link #type(String, String, String)} from the URL's group/version/plural), a namespace ({@code ""} for
 * cluster-scoped types, and for lists/watches across all namespaces) and a name; bodies are JSON-like trees of
 * {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean} and null.
 * Failures throw {@link FakeKubeException} carrying the {@code kind: Status} a real server sends.
 *
 * <p>What it does, as a real server would: uid/creationTimestamp, one global resourceVersion that moves only on real
 * changes, generation for kinds that track it, optimistic concurrency, generateName, validation (names, labels,
 * annotations) with 422 causes, {@code fieldValidation} against the v1.33 schemas (and CRD schemas), the common
 * server-side defaults (workloads, pod templates, Services with a clusterIP), the status and scale subresources,
 * JSON/merge/strategic patches and server-side apply with managedFields (through {@code io.gitops4j.core.merge}),
 * dry runs, finalizers, deletion propagation and garbage collection through ownerReferences, namespace
 * termination, CRDs registering types, label/field selectors, paginated lists and watches with history, the 422s
 * of immutable fields, ResourceQuota admission with its status kept current.
 *
 * <p>What it does not do (yet): controllers (no ReplicaSets from Deployments, no Pods, no Events, no status
 * progress; {@link #addObserver} is the seam for simulators; the {@code default} ServiceAccount and
 * {@code kube-root-ca.crt} ConfigMap of each namespace only with {@link Builder#namespaceDefaults(boolean)}), version conversion between served versions (objects are relabelled, not converted), admission
 * webhooks, authentication/authorization, graceful pod deletion. Deletes that real controllers finish
 * asynchronously (garbage collection, namespace and CRD cleanup) complete synchronously inside the call.
 *
 * <p>Thread-safe: writes are serialised, reads see a consistent state; no call blocks except
 * {@link Watch#next(Duration)}. Objects passed in are copied, objects returned are the caller's.
 */
public final class FakeKube {

    private final KubeStore store;

    private FakeKube(Builder builder) {
        this.store = new KubeStore(builder.clock, builder.watchHistory, builder.bookmarkInterval,
                builder.namespaceDefaults);
    }

    /** A fake with the built-in types and the namespaces {@code default}, {@code kube-system}, {@code kube-public},
     * {@code kube-node-lease}. */
    public static FakeKube create() {
        return builder().build();
    }

    /** A builder for a fake with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The served types; CRDs change it. */
    public ResourceRegistry registry() {
        return store.registry();
    }

    /**
     * The type served at a URL's group/version/plural ({@code ""} group for {@code /api/v1}).
     *
     * @throws FakeKubeException 404 {@code the server could not find the requested resource}
     */
    public ResourceType type(String group, String version, String plural) {
        return registry().require(group, version, plural);
    }

    /**
     * The type for an object's apiVersion and kind.
     *
     * @throws FakeKubeException 404 when no such kind is served
     */
    public ResourceType typeOf(String apiVersion, String kind) {
        return registry().findKind(apiVersion, kind).orElseThrow(FakeKubeException::noSuchResource);
    }

    /** The current (latest) global resourceVersion. */
    public String resourceVersion() {
        return store.resourceVersion();
    }

    /**
     * Reads one object.
     *
     * @throws FakeKubeException 404 NotFound ({@code configmaps "x" not found})
     */
    public Map<String, Object> get(ResourceType type, String namespace, String name) {
        return store.get(type, namespace, name, "");
    }

    /**
     * Reads a subresource: {@code status} (the whole object) or {@code scale} (an {@code autoscaling/v1 Scale}).
     *
     * @throws FakeKubeException 404 for an unknown object or a subresource the type does not serve
     */
    public Map<String, Object> get(ResourceType type, String namespace, String name, String subresource) {
        return store.get(type, namespace, name, subresource);
    }

    /**
     * Lists objects in {@code namespace} ({@code ""}: all namespaces, or a cluster-scoped type), ordered by
     * namespace then name; with {@code limit}, pages come from a snapshot taken at the first page.
     *
     * @throws FakeKubeException 400 for a bad selector, 410 Expired for a continue token that is too old
     */
    public ListResult list(ResourceType type, String namespace, ListOptions options) {
        return store.list(type, namespace, options);
    }

    /**
     * Creates an object (POST). apiVersion/kind are filled in from the type when missing; {@code generateName} is
     * honoured; Secret {@code stringData} is folded into {@code data}.
     *
     * @throws FakeKubeException 400 (namespace or kind mismatch), 403 (namespace terminating), 404 (namespace
     *                           missing), 409 AlreadyExists, 422 Invalid
     */
    public WriteResult create(ResourceType type, String namespace, Map<String, Object> body, WriteOptions options) {
        return store.create(type, namespace, body, options);
    }

    /**
     * Replaces an object (PUT). A non-empty {@code metadata.resourceVersion} must match the stored one.
     *
     * @throws FakeKubeException 400 (name/namespace mismatch), 404, 409 Conflict (stale resourceVersion), 422
     */
    public WriteResult update(ResourceType type, String namespace, String name, Map<String, Object> body,
                              WriteOptions options) {
        return store.update(type, namespace, name, "", body, options);
    }

    /**
     * Replaces a subresource (PUT …/status or …/scale): only that part of the object changes.
     *
     * @throws FakeKubeException as {@link #update(ResourceType, String, String, Map, WriteOptions)}; 404 for a
     *                           subresource the type does not serve
     */
    public WriteResult update(ResourceType type, String namespace, String name, String subresource,
                              Map<String, Object> body, WriteOptions options) {
        return store.update(type, namespace, name, subresource, body, options);
    }

    /**
     * Patches an object (PATCH). {@link PatchType#APPLY} is server-side apply and may create the object
     * ({@link WriteResult#created()}); the others need the object to exist.
     *
     * @param patch the request body: JSON, or YAML/JSON for apply
     * @throws FakeKubeException 400 (bad body, missing field manager), 404, 409 (conflict, failed JSON patch
     *                           {@code test}: 422 as the real server), 415 (strategic merge on a custom resource), 422
     */
    public WriteResult patch(ResourceType type, String namespace, String name, PatchType patchType, String patch,
                             WriteOptions options) {
        return store.patch(type, namespace, name, "", patchType, patch, options);
    }

    /** Patches a subresource ({@code status}, {@code scale}); see {@link #patch(ResourceType, String, String,
     * PatchType, String, WriteOptions)}. */
    public WriteResult patch(ResourceType type, String namespace, String name, String subresource,
                             PatchType patchType, String patch, WriteOptions options) {
        return store.patch(type, namespace, name, subresource, patchType, patch, options);
    }

    /**
     * Deletes an object (DELETE): finalizers keep it (with {@code deletionTimestamp}) until the last is removed;
     * dependents are handled by the propagation policy; deleting a namespace terminates it and its contents;
     * deleting a CRD removes its objects and its types.
     *
     * @throws FakeKubeException 404, 409 (precondition mismatch)
     */
    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        return store.delete(type, namespace, name, options);
    }

    /**
     * Deletes every object a list with {@code selection} would return (DELETE on the collection).
     *
     * @return the objects deleted (or marked for deletion), as a list
     */
    public ListResult deleteCollection(ResourceType type, String namespace, ListOptions selection,
                                       DeleteOptions options) {
        return store.deleteCollection(type, namespace, selection, options);
    }

    /**
     * Starts a watch. Without a resourceVersion (or with {@code 0}) it first queues ADDED for every matching object;
     * with one it replays the changes after it.
     *
     * @throws FakeKubeException 410 Expired when the resourceVersion is older than the history kept; 400 for a bad
     *                           selector
     */
    public Watch watch(ResourceType type, String namespace, WatchOptions options) {
        return store.watch(type, namespace, options);
    }

    /**
     * Forgets the watch history and the list snapshots, like an etcd compaction: afterwards older resourceVersions
     * and outstanding continue tokens get 410 Expired.
     */
    public void compact() {
        store.compact();
    }

    /**
     * The {@code Target} SPI over this fake, for engine tests without HTTP: server-side apply with real field
     * ownership, deletes with preconditions and garbage collection, a view with the registry's kinds and a change
     * feed; inventories are kept in memory (per target). Each call returns a new target; close it to stop its watch
     * threads. For options (server version, watch timeout) use {@code new FakeKubeTarget(kube, options)}.
     */
    public io.gitops4j.api.target.Target asTarget() {
        return new io.gitops4j.testkit.kube.FakeKubeTarget(this);
    }

    /** Registers an observer of committed changes (the seam for status simulators). */
    public void addObserver(WriteObserver observer) {
        store.addObserver(observer);
    }

    /** Removes an observer. */
    public void removeObserver(WriteObserver observer) {
        store.removeObserver(observer);
    }

    /** Settings of a {@link FakeKube}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private int watchHistory = 10_000;
        private Duration bookmarkInterval = Duration.ofSeconds(1);
        private boolean namespaceDefaults;

        private Builder() {
        }

        /** The clock for creationTimestamp, deletionTimestamp and managedFields times. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How many change events watches can replay (older resourceVersions get 410); default 10,000. */
        public Builder watchHistory(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("watchHistory must be >= 1");
            }
            this.watchHistory = events;
            return this;
        }

        /** How long a watch with bookmarks stays quiet before it sends a BOOKMARK; default 1 second. */
        public Builder bookmarkInterval(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("bookmarkInterval must be positive");
            }
            this.bookmarkInterval = value;
            return this;
        }

        /**
         * Whether every new namespace gets, at once, what a cluster's controllers put there within milliseconds: the
         * {@code default} ServiceAccount and the {@code kube-root-ca.crt} ConfigMap, written by
         * {@code kube-controller-manager}; a Pod naming a ServiceAccount that does not exist is then refused (403),
         * as on a cluster. Off by default, so that a namespace holds only what a test put there; switch it on to
         * check that code listing a namespace leaves objects it does not own alone.
         */
        public Builder namespaceDefaults(boolean value) {
            this.namespaceDefaults = value;
            return this;
        }

        /** A new fake. */
        public FakeKube build() {
            return new FakeKube(this);
        }
    }
}
