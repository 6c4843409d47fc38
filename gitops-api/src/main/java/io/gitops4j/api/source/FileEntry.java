package io.gitops4j.api.source;

import io.gitops4j.api.Checks;

/**
 * One entry of a snapshot's tree.
 *
 * @param path repo-relative, normalized path
 * @param type what the entry is
 * @param size the size in bytes of a file's content, 0 for directories and links
 */
public record FileEntry(String path, Type type, long size) {
    /** Entry types. Links are reported as such by {@code stat}; listings resolve links inside the tree. */
    public enum Type { FILE, DIRECTORY, SYMLINK, SUBMODULE }

    /** Validates the arguments. */
    public FileEntry {
        Checks.notNull(path, "path");
        Checks.notNull(type, "type");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    /** @return the last path segment */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
