package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ownership bookkeeping for a non-apply write (see {@link ServerSideApply#update}): the writer takes every field
 * it adds or modifies, other managers lose those fields and every field that disappears.
 */
final class UpdateOperation {

    private final Shapes shapes;

    UpdateOperation(Shapes shapes) {
        this.shapes = shapes;
    }

    /** @param handedOver true when {@code newObject} is handed over (may be modified and become part of the result) */
    @SuppressWarnings("unchecked")
    ApplyOutcome run(Map<String, Object> live, Map<String, Object> newObject, UpdateRequest req, TypeSchema type,
                     boolean handedOver) {
        Map<String, Object> requested = handedOver ? (Map<String, Object>) Values.normalizeInPlace(newObject)
                : Values.copyMap(newObject);
        ManagedFieldsList liveManagers = ManagedFieldsList.of(live);
        List<ManagedFieldsEntry> before = List.copyOf(liveManagers.entries());
        ManagedFieldsList managers = startingManagers(requested, liveManagers, rawManagedFields(live), req);

        // liveObject is only read (compared, and copied from by keepLiveOutsideScope); requested is our own copy
        Map<String, Object> liveObject = ManagedFieldsList.readOnlyWithoutManagedFields(live);
        Ownership ownership = new Ownership(req.scope());
        Map<String, Object> result = ownership.keepLiveOutsideScope(
                ManagedFieldsList.stripManagedFields(requested), liveObject);

        Comparison cmp = Comparison.of(liveObject, result, type, shapes).restrictedTo(ownership);
        FieldSet taken = cmp.changed();
        ManagedFieldsEntry identity = new ManagedFieldsEntry(req.manager(), ManagedFieldsEntry.Operation.UPDATE,
                req.apiVersion(), "", req.subresource(), taken);
        if (shapes.strict()) {
            List<ManagedFieldsEntry> others = new ArrayList<>(managers.entries());
            others.removeIf(e -> e.sameIdentity(identity));
            Versions.requireSame(others, req.apiVersion());
        }
        for (ManagedFieldsEntry e : List.copyOf(managers.entries())) {
            FieldSet rest = e.fields().difference(taken).difference(cmp.removed());
            if (!rest.equals(e.fields())) {
                managers.put(e.withFields(rest));
            }
        }
        if (!taken.isEmpty()) {
            ManagedFieldsEntry previous = managers.find(identity);
            FieldSet mine = previous == null ? taken : previous.fields().union(taken);
            managers.put(new ManagedFieldsEntry(req.manager(), ManagedFieldsEntry.Operation.UPDATE,
                    req.apiVersion(), ManagedFieldsList.format(req.now()), req.subresource(), mine));
        }
        managers.dropEmpty();
        boolean contentChanged = live == null || !Values.equal(liveObject, result);
        return Outcomes.finish(live, result, before, managers, contentChanged);
    }

    private static Object rawManagedFields(Map<String, Object> object) {
        Map<String, Object> meta = object == null ? null : Values.asMap(object.get("metadata"));
        return meta == null ? null : meta.get("managedFields");
    }

    /**
     * The managers the write starts from: for the main resource, a {@code managedFields} the client sent (the
     * reset value {@code [{}]} meaning none), else those of the live object; subresource writes cannot edit them.
     */
    private static ManagedFieldsList startingManagers(Map<String, Object> requested, ManagedFieldsList live,
                                                      Object liveRaw, UpdateRequest req) {
        Map<String, Object> meta = Values.asMap(requested.get("metadata"));
        Object sent = meta == null ? null : meta.get("managedFields");
        if (!req.subresource().isEmpty() || !(sent instanceof List<?> list) || list.isEmpty()) {
            return new ManagedFieldsList(live.entries());
        }
        if (list.equals(liveRaw)) {
            return new ManagedFieldsList(live.entries()); // the client echoed what it read: nothing to parse again
        }
        if (list.size() == 1 && list.get(0) instanceof Map<?, ?> only && only.isEmpty()) {
            return new ManagedFieldsList(List.of());
        }
        try {
            return new ManagedFieldsList(ManagedFieldsEntry.readAll(list));
        } catch (MergeException e) {
            return new ManagedFieldsList(live.entries());
        }
    }
}
