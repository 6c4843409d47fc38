package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;

/**
 * An object as the target holds it now.
 *
 * @param key its identity (with the version it was read at)
 * @param uid the server-assigned UID; changes when the object is deleted and re-created
 * @param resourceVersion the server's version string for optimistic concurrency
 * @param manifest the whole object, status and metadata included
 */
public record LiveObject(ResourceKey key, String uid, String resourceVersion, Manifest manifest) {
    /** Validates that no argument is null. */
    public LiveObject {
        Checks.notNull(key, "key");
        Checks.notNull(uid, "uid");
        Checks.notNull(resourceVersion, "resourceVersion");
        Checks.notNull(manifest, "manifest");
    }

    /** @return a live object read from a full manifest (its key, uid and resourceVersion taken from it) */
    public static LiveObject of(Manifest manifest) {
        return new LiveObject(manifest.key(), String.valueOf(manifest.metadata().getOrDefault("uid", "")),
                String.valueOf(manifest.metadata().getOrDefault("resourceVersion", "")), manifest);
    }

    /** @return true when a deletion is pending (deletionTimestamp set, finalizers outstanding) */
    public boolean isTerminating() {
        return manifest.metadata().get("deletionTimestamp") != null;
    }

    /** @return {@code metadata.generation}, or 0 */
    public long generation() {
        Object g = manifest.metadata().get("generation");
        return g instanceof Number ? ((Number) g).longValue() : 0L;
    }
}
