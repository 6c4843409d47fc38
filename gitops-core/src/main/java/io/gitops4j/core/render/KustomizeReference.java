package io.gitops4j.core.render;

/**
 * One place a kustomization (or a plugin config it lists) names something kustomize will read or fetch.
 *
 * @param field where the entry stands, for messages (such as {@code configMapGenerator.files} or {@code
 *     generators[gen.yaml].files})
 * @param entry the entry as written
 * @param kind how kustomize uses it
 */
record KustomizeReference(String field, String entry, Kind kind) {
    /** How kustomize uses an entry. */
    enum Kind {
        /** A file read through kustomize's loader (patches, generator sources, CRDs, configurations, values). */
        FILE,
        /** A kustomization directory ({@code components}, {@code bases}). */
        DIRECTORY,
        /** A kustomization directory or a file of objects ({@code resources}). */
        FILE_OR_DIRECTORY,
        /** Inline objects, or else a file ({@code patchesStrategicMerge}, a builtin's {@code paths}). */
        INLINE_OR_FILE,
        /** Inline plugin configs, or else a file of them ({@code generators}, {@code transformers}, {@code validators}). */
        PLUGIN_CONFIG,
        /** A directory read whole by a tool kustomize runs (Helm's chart home). */
        TREE,
        /** A URL that is always fetched (a Helm chart repository). */
        REMOTE
    }
}
