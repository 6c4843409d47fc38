package io.gitops4j.core.render;

/**
 * Budgets for reading YAML and JSON manifests (RD-01, RD-02, RD-03). Exceeding one fails the render with {@link
 * io.gitops4j.api.render.RenderException.Reason#LIMIT} before anything is applied.
 *
 * @param maxDocumentBytes largest single YAML document or JSON file, in characters (kubectl's request limit is 3 MiB)
 * @param maxTotalBytes largest sum of file sizes one render may read
 * @param maxNestingDepth deepest nesting of maps and lists
 * @param maxExpandedNodes most nodes a document may hold after expanding aliases (billion laughs guard)
 * @param maxAliases most alias references in one document
 * @param maxObjectBytes largest canonical JSON of one object, in UTF-8 bytes
 * @param maxConfigObjectBytes largest canonical JSON of one ConfigMap or Secret, in UTF-8 bytes (the API server allows
 *     their data 1 MiB; this limit counts the whole object)
 */
public record YamlLimits(int maxDocumentBytes, long maxTotalBytes, int maxNestingDepth, long maxExpandedNodes,
        int maxAliases, int maxObjectBytes, int maxConfigObjectBytes) {
    private static final int MIB = 1024 * 1024;

    /** @throws IllegalArgumentException for a value below 1 */
    public YamlLimits {
        if (maxDocumentBytes < 1 || maxTotalBytes < 1 || maxNestingDepth < 1 || maxExpandedNodes < 1
                || maxAliases < 0 || maxObjectBytes < 1 || maxConfigObjectBytes < 1) {
            throw new IllegalArgumentException("YAML limits must be positive");
        }
    }

    /**
     * @return 3 MiB per document, 256 MiB per render, depth 200, 1,000,000 expanded nodes, 10,000 aliases, 3 MiB per
     *     object, 1 MiB per ConfigMap or Secret
     */
    public static YamlLimits defaults() {
        return new YamlLimits(3 * MIB, 256L * MIB, 200, 1_000_000, 10_000, 3 * MIB, MIB);
    }

    /** @return a copy with another total budget */
    public YamlLimits withMaxTotalBytes(long bytes) {
        return new YamlLimits(maxDocumentBytes, bytes, maxNestingDepth, maxExpandedNodes, maxAliases, maxObjectBytes,
                maxConfigObjectBytes);
    }

    /** @return a copy with another per-document limit */
    public YamlLimits withMaxDocumentBytes(int chars) {
        return new YamlLimits(chars, maxTotalBytes, maxNestingDepth, maxExpandedNodes, maxAliases, maxObjectBytes,
                maxConfigObjectBytes);
    }
}
