package io.gitops4j.core.git;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.Revision;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What the last resolve of each (repository, ref) found after its ref check: the object the ref named, the commit,
 * tag and tree it peeled to, and the signature policy that commit was verified under. A commit id names immutable
 * content, so a later resolve whose fresh ref check names the same object under the same policy may reuse this instead
 * of peeling and verifying again ({@link #find}); anything else (the ref moved or was force-pushed, the policy
 * changed) does not match and runs in full. {@link #forget} drops an entry when its history baseline is reset. At most
 * {@value #MAX_ENTRIES} entries (least recently used go first). Thread-safe.
 */
final class Resolutions {
    static final int MAX_ENTRIES = 10_000;

    /**
     * One resolve's outcome.
     *
     * @param name the full ref name followed
     * @param target the object the ref named (a commit or an annotated tag)
     * @param policy the signature policy it was verified under ({@link SignaturePolicy#none()} when none)
     * @param commit the commit it peeled to
     * @param tag the annotated tag on the way, or null
     * @param tree the commit's tree
     * @param resolved the revision that resolve answered
     */
    record Known(String name, ObjectId target, SignaturePolicy policy, ObjectId commit, ObjectId tag,
            ObjectId tree, Revision resolved) {}

    private final Cache<String, Known> last = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

    /**
     * @param resolved what the fresh ref check named for {@code ref}
     * @param policy the signature policy that applies now
     * @return the last outcome when it followed the same ref name to the same object under an equal policy
     */
    Optional<Known> find(GitUrl url, Ref ref, RefResolver.Resolved resolved, SignaturePolicy policy) {
        Known k = last.getIfPresent(key(url, ref));
        boolean same = k != null && k.name().equals(resolved.name()) && k.target().equals(resolved.target())
                && k.policy().equals(policy);
        return same ? Optional.of(k) : Optional.empty();
    }

    void remember(GitUrl url, Ref ref, Known known) {
        last.put(key(url, ref), known);
    }

    void forget(GitUrl url, Ref ref) {
        last.invalidate(key(url, ref));
    }

    private static String key(GitUrl url, Ref ref) {
        return url.key() + "\n" + ref;
    }
}
