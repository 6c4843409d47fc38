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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rendered set made concrete for one Application: namespaced objects without a namespace get the Application's
 * target namespace, cluster-scoped objects lose any namespace, every object is marked with the tracking label, and
 * — when the Application asks for it ({@link NamespaceCreation}) — a Namespace for a missing target namespace is
 * added (or kept, once created: it carries the Application's label). Hooks ({@link SyncAnnotations}) are set apart,
 * with their role written in gitops4j's annotations; objects a Helm chart declares for other events than a sync are
 * left out; objects with {@code generateName} are matched with the object created from them, if any
 * ({@link GeneratedObjects}).
 *
 * @param objects the desired objects, hooks apart
 * @param unrecorded desired objects the inventory must not record (a namespace created under
 *     {@link NamespaceCreation#CREATE}, which is never pruned)
 * @param hooks the hooks, placed and marked like the objects
 * @param generated desired objects with {@code generateName} that were created already: each named as the object
 *     created from its content, which is never applied
 * @param addedNamespace the Namespace the engine added for {@link NamespaceCreation}, if any: desired, but not
 *     produced by the render (the empty-render guard, PR-01, does not count it)
 */
public record DesiredState(ManifestSet objects, Set<ObjectId> unrecorded, ManifestSet hooks,
        Set<ObjectId> generated, Optional<ObjectId> addedNamespace) {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredState.class);

    /** Copies the sets. */
    public DesiredState {
        unrecorded = Set.copyOf(unrecorded);
        Objects.requireNonNull(hooks, "hooks");
        generated = Set.copyOf(generated);
        Objects.requireNonNull(addedNamespace, "addedNamespace");
    }

    /** @return the desired objects the render produced: {@link #objects()} without {@link #addedNamespace()} */
    public ManifestSet rendered() {
        return addedNamespace.isEmpty() ? objects
                : ManifestSet.of(objects.stream().filter(m -> !m.key().id().equals(addedNamespace.get())).toList());
    }

    /** @return the desired state of a render the Helm renderer did not produce (Helm's hook annotations ignored) */
    public static DesiredState of(Application app, ManifestSet rendered, Scopes scopes, ClusterView view) {
        return of(app, rendered, scopes, view, false);
    }

    /**
     * @param scopes the scopes of the rendered kinds
     * @param view where to look for the target namespace when the Application may create it, and for the objects
     *     created from generateName
     * @param helm whether the Helm renderer produced {@code rendered} (its hook annotations count)
     * @throws RenderException naming the origin when a namespaced object has no namespace and the Application has
     *     no target namespace, or when a sync annotation has a value gitops4j does not support (RD-27)
     */
    public static DesiredState of(Application app, ManifestSet rendered, Scopes scopes, ClusterView view,
            boolean helm) {
        List<Manifest> out = new ArrayList<>(rendered.size() + 1);
        List<Manifest> hooks = new ArrayList<>();
        for (Manifest m : rendered) {
            SyncAnnotations.Role role = SyncAnnotations.of(m, helm);
            if (role.kind() == SyncAnnotations.Role.Kind.LEFT_OUT) {
                LOG.debug("{}: left out of the sync: {}", m, role.why());
                continue;
            }
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
            Manifest marked = Tracking.mark(placed, app.name());
            if (role.kind() == SyncAnnotations.Role.Kind.HOOK) {
                hooks.add(SyncAnnotations.normalized(marked, role));
            } else {
                out.add(marked);
            }
        }
        Set<ObjectId> generated = new HashSet<>();
        out = GeneratedObjects.resolve(out, app.name(), view, generated);
        Optional<Manifest> created = createdNamespace(app, rendered, view);
        created.ifPresent(out::add);
        Set<ObjectId> unrecorded = created.isPresent() && app.createNamespace() == NamespaceCreation.CREATE
                ? Set.of(created.get().key().id()) : Set.of();
        return new DesiredState(ManifestSet.of(out), unrecorded, ManifestSet.of(hooks), generated,
                created.map(m -> m.key().id()));
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
