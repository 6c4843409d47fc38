package io.gitops4j.api.health;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.LiveObject;

/**
 * A health rule for one kind. Register custom checks on the engine builder; a user check wins over the built-in
 * one for the same kind. Implementations are stateless and thread-safe and never throw: a rule that cannot judge
 * returns {@link HealthStatus#UNKNOWN}.
 */
public interface HealthCheck {
    /** @return the kind this rule judges */
    GroupKind kind();

    /** @return the verdict for one live object of {@link #kind()} */
    Health assess(LiveObject object);
}
