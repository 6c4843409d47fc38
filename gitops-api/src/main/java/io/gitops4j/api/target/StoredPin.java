package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.deploy.Pin;

/**
 * A pin as stored ({@link PinStore}), with the version it was stored at (for optimistic concurrency).
 *
 * @param pin the pin
 * @param version the store's version of it (a resourceVersion, a counter); opaque, compared for equality only
 */
public record StoredPin(Pin pin, String version) {
    /** Validates that no argument is null and the version is not blank. */
    public StoredPin {
        Checks.notNull(pin, "pin");
        Checks.notBlank(version, "version");
    }
}
