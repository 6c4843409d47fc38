package io.gitops4j.core.engine;

import io.gitops4j.api.resource.JsonTrees;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.plan.Tracking;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which change events of an Application's feed are news to its no-op proof and which are drift ({@link #observe}).
 * Drift: events of objects it owns (planned by its last pass, or carrying its tracking label), not caused by the
 * engine's own writes, that change more than status and server bookkeeping ({@code resourceVersion},
 * {@code managedFields}, {@code generation}) — a controller reporting status is not drift. The last content seen per object is kept as a digest (from the objects each pass read or wrote, and
 * from events, the engine's own included), so a change is told apart from a status write; an object not seen yet
 * counts as changed. A re-list of a kind ({@link ChangeEvent.Type#RESYNCED}) always counts: events may have been
 * missed. Thread-safe.
 */
final class OwnedObjects {
    private static final Set<String> BOOKKEEPING = Set.of("resourceVersion", "managedFields", "generation");

    private final String application;
    private volatile Set<ObjectId> planned = Set.of();
    private final Map<ObjectId, String> seen = new ConcurrentHashMap<>();

    OwnedObjects(String application) {
        this.application = application;
    }

    /**
     * After a pass: {@code ids} are the objects it planned, {@code objects} the live objects as it last read or wrote
     * them.
     */
    void passed(Set<ObjectId> ids, Collection<LiveObject> objects) {
        planned = Set.copyOf(ids);
        seen.keySet().retainAll(planned);
        for (LiveObject o : objects) {
            if (planned.contains(o.key().id())) {
                seen.put(o.key().id(), digest(o.manifest()));
            }
        }
    }

    /**
     * What one event of the change feed tells: whether it is news to a no-op proof ({@link NoOpProof}), and whether it
     * is drift.
     *
     * @param news the event may change what a pass would plan or find: a re-list of a kind, or an event about an
     *     object the last pass planned (owned or only desired, whoever owns it now) or that carries the Application's
     *     tracking label — except the echo of the engine's own write of a planned object whose content (without
     *     status and bookkeeping) is the one last seen, which tells nothing new
     * @param drift the event tells of drift of one of these objects (see the class description)
     */
    record Told(boolean news, boolean drift) {
        static final Told NOTHING = new Told(false, false);
    }

    /** @return what {@code event} tells this Application; records the object's content as last seen */
    Told observe(ChangeEvent event) {
        if (event.type() == ChangeEvent.Type.RESYNCED) {
            return new Told(true, true);
        }
        LiveObject object = event.object().orElseThrow();
        ObjectId id = object.key().id();
        boolean isPlanned = planned.contains(id);
        if (!isPlanned && !Tracking.owner(object).map(application::equals).orElse(false)) {
            return Told.NOTHING;
        }
        if (event.type() == ChangeEvent.Type.DELETED) {
            seen.remove(id);
            return new Told(true, !event.ownWrite());
        }
        String digest = digest(object.manifest());
        boolean same = digest.equals(seen.put(id, digest));
        return new Told(!(event.ownWrite() && same && isPlanned), !event.ownWrite() && !same);
    }

    /** A digest of the object without status and server bookkeeping. */
    private static String digest(Manifest object) {
        Map<String, Object> tree = new LinkedHashMap<>(object.tree());
        tree.remove("status");
        Map<String, Object> metadata = new LinkedHashMap<>(object.metadata());
        metadata.keySet().removeAll(BOOKKEEPING);
        tree.put("metadata", metadata);
        return Manifest.sha256Hex(JsonTrees.canonicalJson(tree));
    }
}
