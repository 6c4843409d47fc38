package io.gitops4j.core.git;

import io.gitops4j.core.git.TreeNavigator.Node;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The object readers one snapshot call uses: one per repository it touches (the superproject's mirror and the
 * mirrors of mounted submodules), closed together. Not thread-safe: one per call.
 */
final class ObjectReaders implements AutoCloseable {
    private final Map<Repository, ObjectReader> open = new IdentityHashMap<>();

    /** @return the reader for the repository holding this entry */
    ObjectReader of(Node node) {
        return of(node.repo());
    }

    /** @return the reader for this repository */
    ObjectReader of(Repository repo) {
        return open.computeIfAbsent(repo, Repository::newObjectReader);
    }

    @Override
    public void close() {
        open.values().forEach(ObjectReader::close);
        open.clear();
    }
}
