package io.gitops4j.testkit.engine;

import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target through which the host dies at a chosen write step (EN-01). A step is one write reaching the cluster: one
 * object applied, one object deleted (batches are passed on one object at a time, so a crash can fall between two
 * objects of a batch), one inventory written. The first {@code survives} steps go through; the next one and every
 * write after it throw {@link Crash}, an {@link Error} the engine does not handle, so no cleanup of the pass reaches
 * the cluster: it is left exactly as at the crash. Reads pass through. Thread-safe.
 */
final class CrashingTarget implements Target {
    /** The host stopped here. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String step) {
            super("crashed before " + step);
        }
    }

    private final Target delegate;
    private final int survives;
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final InventoryStore inventories;
    private volatile String crashedAt;

    /** @param survives how many write steps reach the cluster before the crash; {@code Integer.MAX_VALUE}: never */
    CrashingTarget(Target delegate, int survives) {
        this.delegate = delegate;
        this.survives = survives;
        this.inventories = new Inventories(delegate.inventories());
    }

    /** @return the write steps that reached the cluster, in order ({@code "apply ConfigMap b"}, {@code "inventory"}) */
    List<String> steps() {
        return List.copyOf(steps);
    }

    /** @return the step the host died before, if it died */
    Optional<String> crashedAt() {
        return Optional.ofNullable(crashedAt);
    }

    private synchronized void step(String what) {
        if (crashedAt != null) {
            throw new Crash(what);
        }
        if (steps.size() >= survives) {
            crashedAt = what;
            throw new Crash(what);
        }
        steps.add(what);
    }

    @Override
    public ClusterView view() {
        return delegate.view();
    }

    @Override
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        List<ObjectResult> out = new ArrayList<>();
        for (ApplyRequest r : requests) {
            step("apply " + r.key().kind() + " " + r.key().name());
            out.addAll(delegate.applyAll(List.of(r), options, context));
        }
        return out;
    }

    @Override
    public List<ObjectResult> createAll(List<io.gitops4j.api.resource.Manifest> objects, ApplyOptions options,
            WriteContext context) {
        List<ObjectResult> out = new ArrayList<>();
        for (io.gitops4j.api.resource.Manifest m : objects) {
            step("create " + m.kind() + " " + m.key().name());
            out.addAll(delegate.createAll(List.of(m), options, context));
        }
        return out;
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        List<ObjectResult> out = new ArrayList<>();
        for (DeleteRequest r : requests) {
            step("delete " + r.key().kind() + " " + r.key().name());
            out.addAll(delegate.deleteAll(List.of(r), options, context));
        }
        return out;
    }

    @Override
    public InventoryStore inventories() {
        return inventories;
    }

    /** The delegate's store, each write a step. */
    private final class Inventories implements InventoryStore {
        private final InventoryStore store;

        Inventories(InventoryStore store) {
            this.store = store;
        }

        @Override
        public Optional<StoredInventory> read(String application) {
            return store.read(application);
        }

        @Override
        public StoredInventory write(Inventory inventory, String expectedVersion) {
            step("inventory");
            return store.write(inventory, expectedVersion);
        }
    }
}
