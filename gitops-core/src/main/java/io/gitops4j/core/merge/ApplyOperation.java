package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply of one configuration by one manager (see {@link ServerSideApply#apply}).
 *
 * <ol>
 *   <li>the applier's field set is what the configuration specifies (within the ownable fields);</li>
 *   <li>the configuration is merged into the live object;</li>
 *   <li>fields the applier owned through its last apply and no longer specifies are removed, unless another
 *       manager owns them (or something below them);</li>
 *   <li>fields whose value changes (or that appear) and that another manager owns are conflicts: without force
 *       the apply fails, with force the other managers lose them;</li>
 *   <li>other managers lose fields that disappear; managers left with nothing are dropped.</li>
 * </ol>
 */
final class ApplyOperation {

    private final Shapes shapes;

    ApplyOperation(Shapes shapes) {
        this.shapes = shapes;
    }

    ApplyOutcome run(Map<String, Object> live, Map<String, Object> config, ApplyRequest req, TypeSchema type) {
        Map<String, Object> applied = Values.copyMap(config);
        Map<String, Object> appliedMeta = Values.asMap(applied.get("metadata"));
        if (appliedMeta != null && appliedMeta.get("managedFields") != null) {
            throw new MergeException("metadata.managedFields must be nil");
        }
        ManagedFieldsList managers = ManagedFieldsList.of(live);
        List<ManagedFieldsEntry> before = List.copyOf(managers.entries());
        // only read: ConfigMerge copies what it takes from it, Comparison and equal only look
        Map<String, Object> liveObject = ManagedFieldsList.readOnlyWithoutManagedFields(live);
        Ownership ownership = new Ownership(req.scope());
        Map<String, Object> inScope = ownership.inScope(applied);

        FieldSet appliedSet = ownership.ownable(AppliedFields.of(inScope, type, shapes));
        Map<String, Object> merged = new ConfigMerge(shapes).merge(liveObject, inScope, type);

        ManagedFieldsEntry identity = new ManagedFieldsEntry(req.manager(), ManagedFieldsEntry.Operation.APPLY,
                req.apiVersion(), "", req.subresource(), appliedSet);
        ManagedFieldsEntry previous = managers.find(identity);
        List<ManagedFieldsEntry> others = new ArrayList<>(managers.entries());
        others.removeIf(e -> e.sameIdentity(identity));
        if (shapes.strict()) {
            Versions.requireSame(others, req.apiVersion());
        }

        if (previous != null) {
            FieldSet owned = appliedSet;
            for (ManagedFieldsEntry e : others) {
                owned = owned.union(e.fields());
            }
            new FieldRemoval(shapes).prune(merged, type, previous.fields().difference(appliedSet), owned);
        }

        Comparison cmp = Comparison.of(liveObject, merged, type, shapes).restrictedTo(ownership);
        FieldSet changedFields = cmp.changed();
        List<Conflict> conflicts = new ArrayList<>();
        for (ManagedFieldsEntry e : others) {
            for (FieldPath p : e.fields().intersection(changedFields).paths()) {
                conflicts.add(new Conflict(e, p));
            }
        }
        if (!conflicts.isEmpty() && !req.force()) {
            conflicts.sort(Comparator.comparing((Conflict c) -> c.manager().manager())
                    .thenComparing(c -> c.manager().operation().wireName())
                    .thenComparing(Conflict::path));
            throw new ApplyConflictException(conflicts);
        }
        for (ManagedFieldsEntry e : others) {
            FieldSet rest = e.fields().difference(changedFields).difference(cmp.removed());
            if (!rest.equals(e.fields())) {
                managers.put(e.withFields(rest));
            }
        }
        boolean contentChanged = !Values.equal(liveObject, merged);
        String time = contentChanged ? ManagedFieldsList.format(req.now())
                : previous == null ? "" : previous.time();
        managers.put(new ManagedFieldsEntry(req.manager(), ManagedFieldsEntry.Operation.APPLY, req.apiVersion(),
                time, req.subresource(), appliedSet));
        managers.dropEmpty();
        return Outcomes.finish(live, merged, before, managers, contentChanged);
    }
}
