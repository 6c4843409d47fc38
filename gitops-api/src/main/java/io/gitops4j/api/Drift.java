package io.gitops4j.api;

import io.gitops4j.api.resource.ResourceKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A managed object found changed, between revisions, by someone other than the Application (DA-12): which fields
 * differ, who changed them and when (read from the live object's {@code metadata.managedFields}), and what the pass
 * did about it. A value of {@link ReconcileResult#drift()}; it never holds a Secret value.
 *
 * @param key the object
 * @param handling what the pass did about the drift
 * @param deleted true when the object was gone from the cluster (someone deleted it), so no field is listed
 * @param fields the fields that differ from the desired state, each with the manager that owns it now
 * @param lastEdit the other field manager that changed the object most recently; empty when the object records none
 *     (or was deleted)
 * @param backedOffUntil for {@link Handling#BACKED_OFF}: until when the engine leaves the object alone
 */
public record Drift(ResourceKey key, Handling handling, boolean deleted, List<DriftedField> fields,
        Optional<FieldManager> lastEdit, Optional<Instant> backedOffUntil) {
    /** What a pass did about a drifted object. */
    public enum Handling {
        /** Re-applied: the object holds the desired state again. */
        CORRECTED,
        /** Reported and left as it is (drift mode REPORT, or a manual policy). */
        REPORTED,
        /** The correction was tried and failed (the object's report says why: a controller's field, …). */
        NOT_CORRECTED,
        /**
         * Not re-applied because it was corrected over and over and changed back each time: another controller
         * fights over it, so the engine leaves it alone until {@link #backedOffUntil()}.
         */
        BACKED_OFF
    }

    /** Copies the list; {@code backedOffUntil} is present exactly for BACKED_OFF. */
    public Drift {
        Checks.notNull(key, "key");
        Checks.notNull(handling, "handling");
        fields = List.copyOf(Checks.notNull(fields, "fields"));
        Checks.notNull(lastEdit, "lastEdit");
        Checks.notNull(backedOffUntil, "backedOffUntil");
        if (backedOffUntil.isPresent() != (handling == Handling.BACKED_OFF)) {
            throw new IllegalArgumentException("backedOffUntil goes with BACKED_OFF and only with it");
        }
    }

    /**
     * @return the names of the other managers that own drifted fields, or else the one that edited last: who
     *     competes with the Application for this object; sorted, without duplicates
     */
    public List<String> competingManagers() {
        List<String> owners = fields.stream().flatMap(f -> f.owner().stream()).map(FieldManager::name).distinct()
                .sorted().toList();
        return owners.isEmpty() ? lastEdit.map(m -> List.of(m.name())).orElse(List.of()) : owners;
    }

    @Override
    public String toString() {
        return key.displayName() + " " + handling + (deleted ? " (deleted)" : " " + fields.stream()
                .map(f -> f.change().path()).toList()) + lastEdit.map(m -> ", last edited by " + m).orElse("");
    }
}
