package io.gitops4j.core.git;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

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

    /**
     * @param refs the refs as a server (or a repository read in place, {@link LocalRefs}) lists them: {@code HEAD}
     *     symbolic when it names a branch, annotated tags with their peeled commit when known
     * @return the advertisement of the {@linkplain Mirror#advertisable advertisable} names among them
     */
    static Advertised of(Collection<Ref> refs) {
        Map<String, ObjectId> ids = new HashMap<>();
        Map<String, ObjectId> peeled = new HashMap<>();
        String head = "";
        for (Ref r : refs) {
            if (!Mirror.advertisable(r.getName())) {
                continue;
            }
            if (r.isSymbolic() && r.getName().equals(Constants.HEAD)
                    && Mirror.advertisable(r.getTarget().getName())) {
                head = r.getTarget().getName();
            }
            if (r.getObjectId() != null) {
                ids.put(r.getName(), r.getObjectId());
            }
            if (r.getPeeledObjectId() != null) {
                peeled.put(r.getName(), r.getPeeledObjectId());
            }
        }
        return new Advertised(ids, peeled, head);
    }

    Optional<ObjectId> id(String name) {
        return Optional.ofNullable(ids.get(name));
    }
}
