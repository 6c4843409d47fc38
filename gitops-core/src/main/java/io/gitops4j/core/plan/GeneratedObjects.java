package io.gitops4j.core.plan;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Objects of the desired state that have {@code metadata.generateName} and no name (and are not hooks): the server
 * names each when it is created, so they are created, never applied. Each is created once per content: the object
 * created carries {@value #GENERATED_FROM} (its generateName) and {@value #TEMPLATE_HASH} (the SHA-256 of the
 * desired object), and as long as an object of this Application with both exists, that object stands for the
 * desired one — by the name the server gave it. When the content changes in Git, a new object is created and the
 * one created from the old content, no longer desired, is pruned like any owned object. An object created but not
 * yet recorded (a crash in between) is found the same way, by listing the kind's objects that carry the
 * Application's label, so it is not created twice (EN-01). Drift in such an object is not corrected: it is never
 * applied. Not thread-safe; one per plan.
 */
public final class GeneratedObjects {
    /** The annotation naming the generateName an object was created from. */
    public static final String GENERATED_FROM = "gitops4j.io/generated-from";
    /** The annotation holding the SHA-256 of the desired object an object was created from. */
    public static final String TEMPLATE_HASH = "gitops4j.io/template-hash";

    private final String application;
    private final ClusterView view;
    private final Map<String, List<LiveObject>> listed = new HashMap<>();

    private GeneratedObjects(String application, ClusterView view) {
        this.application = application;
        this.view = view;
    }

    /**
     * The desired objects with each generated one stamped with its origin and content hash and, when an object was
     * created from that content already, named as that object.
     *
     * @param realized filled with the identities of the generated objects that exist already
     */
    static List<Manifest> resolve(List<Manifest> desired, String application, ClusterView view,
            Set<ObjectId> realized) {
        GeneratedObjects g = new GeneratedObjects(application, view);
        List<Manifest> out = new ArrayList<>(desired.size());
        for (Manifest m : desired) {
            if (!m.isGenerated()) {
                out.add(m);
                continue;
            }
            Manifest stamped = m.withAnnotation(GENERATED_FROM, m.generateName())
                    .withAnnotation(TEMPLATE_HASH, m.contentHash());
            Optional<LiveObject> existing = g.createdFrom(stamped);
            if (existing.isPresent()) {
                Map<String, Object> metadata = new LinkedHashMap<>(stamped.metadata());
                metadata.put("name", existing.get().key().name());
                Manifest named = stamped.with("metadata", metadata);
                realized.add(named.key().id());
                out.add(named);
            } else {
                out.add(stamped);
            }
        }
        return out;
    }

    /** The oldest live object of this Application created from exactly this content, if any. */
    private Optional<LiveObject> createdFrom(Manifest stamped) {
        GroupKind kind = stamped.groupKind();
        List<LiveObject> candidates = listed.computeIfAbsent(kind + "/" + stamped.namespace(),
                k -> view.list(kind, stamped.namespace(), Map.of(Tracking.APPLICATION_LABEL, application)));
        Map<String, String> want = Map.of(GENERATED_FROM, stamped.generateName(), TEMPLATE_HASH,
                stamped.annotations().get(TEMPLATE_HASH));
        return candidates.stream().filter(o -> !o.isTerminating())
                .filter(o -> o.manifest().annotations().entrySet().containsAll(want.entrySet()))
                .min(Comparator.comparing((LiveObject o) -> String.valueOf(o.manifest().metadata()
                        .getOrDefault("creationTimestamp", ""))).thenComparing(o -> o.key().name()));
    }
}
