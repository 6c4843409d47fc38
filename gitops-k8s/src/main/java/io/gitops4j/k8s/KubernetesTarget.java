package io.gitops4j.k8s;

import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.api.resource.KubernetesNames;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.coordination.OptimisticLeaseStore;
import io.gitops4j.k8s.internal.ApiTransport;
import io.gitops4j.k8s.internal.Applier;
import io.gitops4j.k8s.internal.CachedView;
import io.gitops4j.k8s.internal.ConfigMapInventoryStore;
import io.gitops4j.k8s.internal.ConfigMapPinStore;
import io.gitops4j.k8s.internal.Creator;
import io.gitops4j.k8s.internal.Deleter;
import io.gitops4j.k8s.internal.Discovery;
import io.gitops4j.k8s.internal.KubernetesLeaseRecords;
import io.gitops4j.k8s.internal.ObjectReads;
import io.gitops4j.k8s.internal.Retrying;
import io.gitops4j.k8s.internal.WriteChecks;
import io.gitops4j.k8s.internal.WritePool;
import io.gitops4j.k8s.internal.WriteWiring;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Kubernetes cluster as a {@link Target}, on the official Java client ({@code io.kubernetes:client-java}).
 *
 * <pre>{@code
 * Target cluster = KubernetesTarget.builder()
 *     .kubeconfig(Path.of("/etc/acme/kubeconfig"))     // or .apiClient(client), or .inCluster()
 *     .fieldManager("acme-console")
 *     .build();
 * }</pre>
 *
 * <p>Writes are server-side applies ({@code application/apply-patch+yaml}) under one field manager (hooks and objects
 * with {@code generateName} are created with a {@code POST} instead), never forced by
 * default; a conflict with another applier fails that object with reason {@code CONFLICT} naming the managers and
 * field paths; imperative edits and the managers of {@link io.gitops4j.core.target.FieldOwnership} are taken back. Deletes carry their
 * preconditions and the propagation policy. Each batch runs with bounded parallelism; transient failures (429,
 * 5xx, resets, timeouts) are retried with backoff under the pass's retry budget. Requests carry a
 * {@code User-Agent} naming gitops4j, and act as the Application's {@link Identity} when one is configured.
 *
 * <p>Reads of the kinds someone {@linkplain ClusterView#watch watches} are answered from a watch cache of the objects
 * carrying the ownership label ({@code gitops4j.io/application}), which the target's own writes update at once; the
 * change feed marks the echo of the target's own writes ({@code ownWrite}).
 *
 * <p>Thread-safe. Methods block on I/O. {@link #close()} stops watches and threads and releases pooled connections;
 * an {@code ApiClient} the host passed in stays usable.
 */
public final class KubernetesTarget implements Target {
    private final ApiTransport transport;
    private final WritePool pool;
    private final CachedView view;
    private final Applier applier;
    private final Creator creator;
    private final Deleter deleter;
    private final ConfigMapInventoryStore inventories;
    private final ConfigMapPinStore pins;
    private final Retrying leaseHttp;
    private final int leaseAttempts;
    private final String fieldManager;
    private final AtomicBoolean closed = new AtomicBoolean();

    KubernetesTarget(KubernetesTargetBuilder b) {
        this.transport = new ApiTransport(b.client(), b.concurrency(), b.requestTimeout(), b.userAgent());
        this.pool = new WritePool(b.concurrency());
        Retrying http = new Retrying(transport, b.retries(), pool.slots());
        Discovery discovery = new Discovery(http);
        ObjectReads reads = new ObjectReads(http, discovery);
        this.view = new CachedView(http, discovery, reads, b.requestTimeout());
        WriteWiring writes = new WriteWiring(http, new WriteChecks(discovery), reads, pool, view.tracker(),
                b.writeSettings());
        this.applier = new Applier(writes);
        this.creator = new Creator(writes);
        this.deleter = new Deleter(http, discovery, pool, view.tracker(), b.writeSettings());
        this.inventories = new ConfigMapInventoryStore(http, discovery, reads, b.inventoryNamespace(),
                b.writeSettings().fieldManager().orElse(ApplyOptions.DEFAULT_FIELD_MANAGER), b.retries().maxAttempts(),
                b.requestTimeout());
        this.fieldManager = b.writeSettings().fieldManager().orElse(ApplyOptions.DEFAULT_FIELD_MANAGER);
        this.pins = new ConfigMapPinStore(http, b.inventoryNamespace(), fieldManager, b.retries().maxAttempts());
        this.leaseAttempts = Math.min(3, b.retries().maxAttempts());
        this.leaseHttp = new Retrying(transport, b.retries().withMaxAttempts(leaseAttempts));
    }

    /** @return a builder; it needs one of {@code apiClient}, {@code kubeconfig} or {@code inCluster} */
    public static KubernetesTargetBuilder builder() {
        return new KubernetesTargetBuilder();
    }

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        return applier.applyAll(List.copyOf(requests), options, context);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code POST} per object to its kind's collection, under the field manager; a create of an object the
     * server names is sent once (see {@link Target#createAll}), a named one is retried like an apply.
     */
    @Override
    public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
        return creator.createAll(List.copyOf(objects), options, context);
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        return deleter.deleteAll(List.copyOf(requests), options, context);
    }

    /**
     * @return the inventories, as ConfigMaps {@code gitops4j-inventory-APP} in the builder's inventory namespace
     *     (compressed, split past a chunk, written with optimistic concurrency; see {@code docs/kubernetes-target.md})
     */
    @Override
    public InventoryStore inventories() {
        return inventories;
    }

    /**
     * @return the pins ({@code Reconciler.pin}), as ConfigMaps {@code gitops4j-pin-APP} in the builder's inventory
     *     namespace, one per pinned Application, written with optimistic concurrency (see {@code
     *     docs/kubernetes-target.md}); the target's credentials must get, create, update and delete ConfigMaps there,
     *     as for the inventories
     */
    @Override
    public PinStore pins() {
        return pins;
    }

    /**
     * Kubernetes Leases ({@code coordination.k8s.io/v1}) in {@code namespace} as a {@link LeaseStore}, for replicas
     * of the host that share Applications (EN-03). Each call returns a new store, with its own observations of
     * expiry: give each replica one. The target's own credentials must get, list, create and update Leases in that
     * namespace, which must exist. Requests go through this target's connection, at most 3 attempts each; the store
     * is usable until the target is closed.
     *
     * @throws io.gitops4j.api.InvalidSpecException when {@code namespace} is not a valid namespace name
     */
    public LeaseStore leases(String namespace) {
        KubernetesNames.requireNamespace(namespace, "namespace");
        return new OptimisticLeaseStore(new KubernetesLeaseRecords(leaseHttp, namespace, fieldManager,
                leaseAttempts));
    }

    /** Stops watches, event delivery and write threads, and evicts pooled connections. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            view.close();
            inventories.close();
            pool.close();
            transport.close();
        }
    }
}
