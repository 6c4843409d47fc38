package io.gitops4j.core.git;

import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The refs a server advertised in one ls-remote round trip.
 *
 * @param ids full ref name to the object it points at (a commit, or a tag object)
 * @param peeled full ref name of an annotated tag to the commit it points at, when the server says
 * @param head the full name {@code HEAD} points at, or {@code ""}
 */
record Advertised(Map<String, ObjectId> ids, Map<String, ObjectId> peeled, String head) {
    Advertised {
        ids = Map.copyOf(ids);
        peeled = Map.copyOf(peeled);
    }

    Optional<ObjectId> id(String name) {
        return Optional.ofNullable(ids.get(name));
    }
}
