package io.gitops4j.api.resource;

import io.gitops4j.api.Checks;

/**
 * Where a manifest came from: a path relative to the snapshot root and the index of the document in that file
 * (0 for the first). Renderers that do not read files (Helm templates) use the template name as the file.
 *
 * @param file repo-relative path or template name; {@code ""} when unknown
 * @param documentIndex zero-based document index; {@code -1} when unknown
 */
public record Origin(String file, int documentIndex) {
    private static final Origin UNKNOWN = new Origin("", -1);

    /** @throws IllegalArgumentException when documentIndex is below -1 */
    public Origin {
        Checks.notNull(file, "file");
        if (documentIndex < -1) {
            throw new IllegalArgumentException("documentIndex must be >= -1, was " + documentIndex);
        }
    }

    /** @return the origin of a manifest built in code */
    public static Origin unknown() {
        return UNKNOWN;
    }

    /** @return true when neither file nor index is known */
    public boolean isUnknown() {
        return file.isEmpty() && documentIndex < 0;
    }

    /** @return {@code file#index}, {@code file} or {@code <unknown>} */
    @Override
    public String toString() {
        if (isUnknown()) {
            return "<unknown>";
        }
        return documentIndex < 0 ? file : file + "#" + documentIndex;
    }
}
