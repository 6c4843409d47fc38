package io.gitops4j.core.plan;

import io.gitops4j.api.Application;
import io.gitops4j.api.NamespaceCreation;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rendered set made concrete for one Application: namespaced objects without a namespace get the Application's
 * target namespace, cluster-scoped objects lose any namespace, every object is marked with the tracking label, and
 * — when the Application asks for it ({@link NamespaceCreation}) — a Namespace for a missing target namespace is
 * added (or kept, once created: it carries the Application's label).
 *
 * @param objects the desired objects
 * @param unrecorded desired objects the inventory must not record (a namespace created under
 *     {@link NamespaceCreation#CREATE}, which is never pruned)
 */
public record DesiredState(ManifestSet objects, Set<ObjectId> unrecorded) {
    /** Copies the set. */
    public DesiredState {
        unrecorded = Set.copyOf(unrecorded);
    }

    /**
     * @param scopes the scopes of the rendered kinds
     * @param view where to look for the target namespace when the Application may create it
     * @throws RenderException naming the origin when a namespaced object has no namespace and the Application has
     *     no target namespace
     */
    public static DesiredState of(Application app, ManifestSet rendered, Scopes scopes, ClusterView view) {
        List<Manifest> out = new ArrayList<>(rendered.size() + 1);
        for (Manifest m : rendered) {
            Manifest placed = m;
            if (scopes.isClusterScoped(m.groupKind())) {
                placed = m.namespace().isEmpty() ? m : m.withNamespace("");
            } else if (m.namespace().isEmpty()) {
                if (app.targetNamespace().isEmpty()) {
                    throw new RenderException(m.origin().file(), 0, m.kind() + " " + m.name()
                            + " has no namespace and the Application sets no target namespace", null);
                }
                placed = m.withNamespace(app.targetNamespace());
            }
            out.add(Tracking.mark(placed, app.name()));
        }
        Optional<Manifest> created = createdNamespace(app, rendered, view);
        created.ifPresent(out::add);
        Set<ObjectId> unrecorded = created.isPresent() && app.createNamespace() == NamespaceCreation.CREATE
                ? Set.of(created.get().key().id()) : Set.of();
        return new DesiredState(ManifestSet.of(out), unrecorded);
    }

    /** The target namespace to create (or keep, when it carries our label), if the Application asks for it. */
    private static Optional<Manifest> createdNamespace(Application app, ManifestSet rendered, ClusterView view) {
        if (app.createNamespace() == NamespaceCreation.NEVER || app.targetNamespace().isEmpty()) {
            return Optional.empty();
        }
        ObjectId id = new ObjectId("", "Namespace", "", app.targetNamespace());
        if (rendered.contains(id)) {
            return Optional.empty();
        }
        Optional<LiveObject> live = view.get(id);
        if (live.isPresent() && !Tracking.owner(live.get()).filter(app.name()::equals).isPresent()) {
            return Optional.empty(); // there already, and not ours: left alone
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", app.targetNamespace());
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", "v1");
        tree.put("kind", "Namespace");
        tree.put("metadata", metadata);
        return Optional.of(Tracking.mark(Manifest.of(tree), app.name()));
    }
}
