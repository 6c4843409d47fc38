package io.gitops4j.api.target;

import io.gitops4j.api.Checks;

/**
 * How to apply: server-side apply under one field manager.
 *
 * @param fieldManager the field manager name; distinct from kubectl's by default (DA-15)
 * @param force take ownership of conflicting fields (never by default: DA-01)
 * @param dryRun validate and compute the result without storing anything
 */
public record ApplyOptions(String fieldManager, boolean force, boolean dryRun) {
    /** The default field manager name. */
    public static final String DEFAULT_FIELD_MANAGER = "gitops4j";

    /** Checks the manager name: 1–128 printable characters. */
    public ApplyOptions {
        Checks.notBlank(fieldManager, "fieldManager");
        if (fieldManager.length() > 128) {
            throw new io.gitops4j.api.InvalidSpecException("fieldManager", "must have at most 128 characters");
        }
    }

    /** @return manager {@value #DEFAULT_FIELD_MANAGER}, no force, no dry run */
    public static ApplyOptions defaults() {
        return new ApplyOptions(DEFAULT_FIELD_MANAGER, false, false);
    }

    /** @return a copy with another field manager */
    public ApplyOptions withFieldManager(String manager) {
        return new ApplyOptions(manager, force, dryRun);
    }

    /** @return a copy with force set */
    public ApplyOptions withForce(boolean value) {
        return new ApplyOptions(fieldManager, value, dryRun);
    }

    /** @return a copy with dry run set */
    public ApplyOptions withDryRun(boolean value) {
        return new ApplyOptions(fieldManager, force, value);
    }
}
