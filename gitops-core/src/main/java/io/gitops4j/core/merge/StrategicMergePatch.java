package io.gitops4j.core.merge;

import java.util.Map;
import java.util.Objects;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in kinds, driven by the
 * schema's {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}.
 *
 * <p>Supported: maps merge recursively and {@code null} deletes a key; lists with strategy {@code merge} merge by
 * merge key (objects) or by value (primitives), other lists are replaced; {@code $patch: replace|delete|merge}
 * in maps and list items; {@code $retainKeys}; {@code $setElementOrder/<field>};
 * {@code $deleteFromPrimitiveList/<field>}. Stateless and thread-safe; inputs are not modified.
 */
public final class StrategicMergePatch {

    private StrategicMergePatch() {
    }

    /** True when strategic merge patch is available for the type (a built-in kind with a schema). */
    public static boolean supports(TypeSchema type) {
        return type != null && !type.isUntyped() && !type.name().isEmpty();
    }

    /**
     * Applies {@code patch} to {@code original}.
     *
     * @return a fresh patched tree
     * @throws UnsupportedPatchException when the type has no built-in schema (custom resources: HTTP 415)
     * @throws PatchException            when the patch is malformed
     */
    public static Map<String, Object> apply(Map<String, Object> original, Map<String, Object> patch,
                                            TypeSchema type) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(patch, "patch");
        if (!supports(type)) {
            throw new UnsupportedPatchException("the body of the request was in an unknown format - accepted media "
                    + "types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml");
        }
        return new StrategicMerge().patchObject(Values.copyMap(original), Values.copyMap(patch), type);
    }
}
