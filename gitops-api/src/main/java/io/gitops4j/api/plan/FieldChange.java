package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;

/**
 * One changed field. Values are shown as compact JSON; Secret values (and anything under {@code data} or
 * {@code stringData} of a Secret) are shown as {@code <redacted sha256:…>} so a change stays visible without the
 * value.
 *
 * @param path the field path in kubectl's form, such as {@code .spec.replicas} or {@code .data.password}
 * @param before the live value, {@code ""} when absent
 * @param after the desired value, {@code ""} when removed
 */
public record FieldChange(String path, String before, String after) {
    /** Validates that no argument is null. */
    public FieldChange {
        Checks.notBlank(path, "path");
        Checks.notNull(before, "before");
        Checks.notNull(after, "after");
    }

    /** @return {@code path: before → after} */
    @Override
    public String toString() {
        return path + ": " + (before.isEmpty() ? "<absent>" : before) + " → " + (after.isEmpty() ? "<absent>" : after);
    }
}
