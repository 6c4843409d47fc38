package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.core.target.FieldOwnership;
import io.gitops4j.k8s.Identity;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the target writes, as its builder configured it.
 *
 * @param fieldManager the field manager for every write, when the builder fixed one (else the engine's
 *     {@link ApplyOptions#fieldManager()})
 * @param ownership whose fields an apply may take
 * @param identities the identity each Application's writes act as (by Application name); empty for the target's own
 * @param propagation the deletion propagation for every delete, when the builder fixed one (else the engine's)
 */
public record WriteSettings(Optional<String> fieldManager, FieldOwnership ownership,
        Function<String, Optional<Identity>> identities, Optional<DeleteOptions.Propagation> propagation) {
    /** Validates that nothing is null. */
    public WriteSettings {
        Objects.requireNonNull(fieldManager, "fieldManager");
        Objects.requireNonNull(ownership, "ownership");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(propagation, "propagation");
    }

    /** @return the manager an apply with these options writes as */
    public String manager(ApplyOptions options) {
        return fieldManager.orElse(options.fieldManager());
    }

    /** @return the identity the writes of {@code application} act as */
    public Optional<Identity> identity(String application) {
        Optional<Identity> who = identities.apply(application);
        return who == null ? Optional.empty() : who;
    }

    /** @return the propagation policy a delete with these options uses, as the API names it */
    public String propagation(DeleteOptions.Propagation requested) {
        return switch (propagation.orElse(requested)) {
            case BACKGROUND -> "Background";
            case FOREGROUND -> "Foreground";
            case ORPHAN -> "Orphan";
        };
    }
}
