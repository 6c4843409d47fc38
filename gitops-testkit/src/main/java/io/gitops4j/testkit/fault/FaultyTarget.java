package io.gitops4j.testkit.fault;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.server.RequestLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link Target} whose calls pass the {@link Faults} rules first, each as the request a Kubernetes target would
 * send: view reads are GET and LIST ({@link FaultyView}), each object of a batch apply is a PATCH, of a batch create
 * a POST to its collection (verb {@code create}) and of a batch delete a DELETE, a change-feed subscription a WATCH, inventory reads and writes GET and PATCH of
 * {@code inventory/APP} (no resource: only unscoped rules hit them). A rule's answer becomes what a Kubernetes target
 * reports for that status, classified by {@code ApiStatus}: a failed object's result in a batch, the
 * {@code TargetException} of a whole call otherwise, its message naming what was being read or written, the HTTP
 * status and the reason. Objects no rule answers go to the delegate one at a time, in order.
 *
 * <p>With a {@link RequestLog}, every call is recorded as that request (verb, an API path of the real shape, status,
 * duration), so the request-log assertions work for direct targets too. Thread-safe as the delegate is.
 */
final class FaultyTarget implements Target {
    private final Target delegate;
    private final FaultGate gate;
    private final FaultyView view;

    FaultyTarget(Target delegate, Faults faults, FakeKube kube, RequestLog log) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
        this.gate = new FaultGate(faults, kube, log);
        this.view = new FaultyView(delegate.view(), gate);
    }

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        return batch(requests, r -> gate.info(Verb.PATCH, r.key()),
                pass -> delegate.applyAll(pass, options, context));
    }

    @Override
    public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
        return batch(objects, m -> gate.create(m.key(), m.isGenerated()),
                pass -> delegate.createAll(pass, options, context));
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        return batch(requests, r -> gate.info(Verb.DELETE, r.key()),
                pass -> delegate.deleteAll(pass, options, context));
    }

    /** @return the pins of the target it wraps, without faults */
    @Override
    public PinStore pins() {
        return delegate.pins();
    }

    @Override
    public InventoryStore inventories() {
        InventoryStore store = delegate.inventories();
        return new InventoryStore() {
            @Override
            public Optional<StoredInventory> read(String application) {
                return gate.call(inventoryRequest("get", application), null, "reading the inventory of "
                        + application, () -> store.read(application), found -> found.isPresent() ? 200 : 404);
            }

            @Override
            public StoredInventory write(Inventory inventory, String expectedVersion) {
                return gate.call(inventoryRequest("patch", inventory.application()), null,
                        "writing the inventory of " + inventory.application(),
                        () -> store.write(inventory, expectedVersion), stored -> 200);
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static RequestInfo inventoryRequest(String verb, String application) {
        return new RequestInfo(verb, "inventory/" + application, "", "", "", "", application);
    }

    /**
     * Per object, in order, as a Kubernetes target sends one request per object: the rules first (an injected answer
     * fails that object), then the delegate, one object at a time, so a rule added while an earlier object is
     * written applies to the later ones.
     */
    private <R> List<ObjectResult> batch(List<R> requests, Function<R, RequestInfo> describe,
            Function<List<R>, List<ObjectResult>> send) {
        List<ObjectResult> out = new ArrayList<>(requests.size());
        for (R request : requests) {
            RequestInfo info = describe.apply(request);
            long started = System.nanoTime();
            Instant arrived = Instant.now();
            Optional<FaultResponse> answer = gate.fire(info);
            if (answer.isPresent()) {
                var key = keyOf(request);
                out.add(ObjectResult.failed(key, FaultGate.failure(answer.get(), key)));
                gate.record(info, answer.get().reset() ? 500 : answer.get().code(), arrived, started);
            } else {
                ObjectResult result = send.apply(List.of(request)).get(0);
                out.add(result);
                gate.record(info, status(result), arrived, started);
            }
        }
        return out;
    }

    private static io.gitops4j.api.resource.ResourceKey keyOf(Object request) {
        if (request instanceof Manifest m) {
            return m.key();
        }
        return request instanceof ApplyRequest a ? a.key() : ((DeleteRequest) request).key();
    }

    private static int status(ObjectResult r) {
        if (r.outcome() == ObjectOutcome.CREATED) {
            return 201;
        }
        if (r.outcome() == ObjectOutcome.SKIPPED) {
            return 404;
        }
        return r.failure().map(f -> FaultGate.codeOf(f.reason())).orElse(200);
    }
}
