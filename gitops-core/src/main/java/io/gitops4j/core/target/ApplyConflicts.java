package io.gitops4j.core.target;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.core.merge.ManagedFieldsEntry;
import io.gitops4j.core.merge.MergeException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conflicts of a refused server-side apply, read from the {@code Status} causes of type
 * {@code FieldManagerConflict}, and whether every one may be taken (see {@link FieldOwnership}).
 *
 * <p>The API server names the manager in each cause's message the same way: {@code conflict with "NAME"} for an
 * applier, followed by {@code with subresource "S"} when the entry belongs to a subresource and by
 * {@code using API_VERSION} (and {@code at TIME}) when the manager wrote with operation {@code Update}.
 *
 * <p>How a target uses it, so correcting an imperative edit costs one request: when {@link #othersAllTakeable} holds
 * for the object as last read, apply with {@code force} at once, guarded by that resourceVersion (if the object
 * changed since, apply plainly); when a plain apply is refused with conflicts that {@link #allTakeable} accepts,
 * apply again with {@code force}; otherwise the conflict is the object's failure (DA-01).
 *
 * @param conflicts one entry per conflicting field
 */
public record ApplyConflicts(List<Conflict> conflicts) {
    private static final Pattern MANAGER = Pattern.compile(
            "conflict with \"((?:[^\"\\\\]|\\\\.)*)\"(?: with subresource \"(?:[^\"\\\\]|\\\\.)*\")?( using \\S+)?");

    /**
     * One conflicting field.
     *
     * @param manager the manager owning it
     * @param update whether that manager wrote it with operation {@code Update} (not {@code Apply})
     * @param field the field path, such as {@code .spec.replicas}
     */
    public record Conflict(String manager, boolean update, String field) {}

    /** Copies the list. */
    public ApplyConflicts {
        conflicts = List.copyOf(conflicts);
    }

    /** @return the conflicts a 409 answer to an apply names; empty when it names none */
    public static ApplyConflicts of(ApiStatus status) {
        List<Conflict> out = new ArrayList<>();
        for (ApiStatus.Cause c : status.causes()) {
            if (!c.reason().equals("FieldManagerConflict")) {
                continue;
            }
            Matcher m = MANAGER.matcher(c.message());
            if (m.find()) {
                out.add(new Conflict(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"), m.group(2) != null,
                        c.field()));
            }
        }
        return new ApplyConflicts(out);
    }

    /**
     * @return true when the object has main-resource field managers other than {@code manager}, and every one of them
     *     is one whose fields we may take (taken over, or an imperative edit while reclaiming is on); subresource
     *     entries (status, scale) do not take part in an apply's conflicts
     */
    public static boolean othersAllTakeable(Manifest object, String manager, FieldOwnership policy) {
        List<ManagedFieldsEntry> entries;
        try {
            entries = ManagedFieldsEntry.readAll(object.metadata().get("managedFields"));
        } catch (MergeException e) {
            return false;
        }
        boolean others = false;
        for (ManagedFieldsEntry e : entries) {
            if (!e.subresource().isEmpty() || e.manager().equals(manager)) {
                continue;
            }
            others = true;
            boolean update = e.operation() == ManagedFieldsEntry.Operation.UPDATE;
            if (!policy.isTakenOver(e.manager())
                    && !(update && policy.reclaimImperativeEdits() && policy.isImperative(e.manager()))) {
                return false;
            }
        }
        return others;
    }

    /**
     * @return true when there is at least one conflict and each is with a manager whose fields we may take: one taken
     *     over, or an imperative edit while reclaiming is on
     */
    public boolean allTakeable(FieldOwnership policy) {
        if (conflicts.isEmpty()) {
            return false;
        }
        for (Conflict c : conflicts) {
            boolean takeable = policy.isTakenOver(c.manager())
                    || (c.update() && policy.reclaimImperativeEdits() && policy.isImperative(c.manager()));
            if (!takeable) {
                return false;
            }
        }
        return true;
    }
}
