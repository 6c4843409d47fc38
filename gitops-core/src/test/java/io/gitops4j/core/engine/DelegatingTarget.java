package io.gitops4j.core.engine;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import java.util.List;

/** A target that passes every call to another; a test overrides what it needs to observe or break. */
class DelegatingTarget implements Target {
    private final Target target;

    DelegatingTarget(Target target) {
        this.target = target;
    }

    @Override
    public ClusterView view() {
        return target.view();
    }

    @Override
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        return target.applyAll(requests, options, context);
    }

    @Override
    public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
        return target.createAll(objects, options, context);
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        return target.deleteAll(requests, options, context);
    }

    @Override
    public InventoryStore inventories() {
        return target.inventories();
    }
}
