package io.gitops4j.api.source;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.util.regex.Pattern;

/**
 * A resolved (or to-be-resolved) point in a source's history: the ref that was followed and the commit id it
 * pointed at.
 *
 * <p>{@code toString()} gives {@code main@sha1:3f2a9c1d0e7b} (short ref name, algorithm, first 12 digits). A
 * revision made by {@link #ref(String)} is unresolved: its id is empty and the engine resolves it.
 *
 * @param ref the full ref name followed, such as {@code refs/heads/main}, or a tag, or the commit id itself
 * @param id the commit id (40 hex digits for SHA-1, 64 for SHA-256), or {@code ""} when unresolved
 */
public record Revision(String ref, String id) {
    private static final Pattern ID = Pattern.compile("|[0-9a-f]{40}|[0-9a-f]{64}");

    /** @throws InvalidSpecException when the id is not 40 or 64 lower-case hex digits */
    public Revision {
        Checks.notBlank(ref, "ref");
        Checks.notNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new InvalidSpecException("id", "a revision id is 40 or 64 lower-case hex digits");
        }
    }

    /** @return an unresolved revision naming only a ref, for previews such as {@code plan(app, ref("refs/heads/x"))} */
    public static Revision ref(String ref) {
        return new Revision(ref, "");
    }

    /** @return true when the commit id is known */
    public boolean isResolved() {
        return !id.isEmpty();
    }

    /** @return {@code sha1}, {@code sha256}, or {@code ""} when unresolved */
    public String algorithm() {
        return id.isEmpty() ? "" : id.length() == 40 ? "sha1" : "sha256";
    }

    /** @return the ref without {@code refs/heads/} or {@code refs/tags/} */
    public String shortRef() {
        if (ref.startsWith("refs/heads/")) {
            return ref.substring("refs/heads/".length());
        }
        if (ref.startsWith("refs/tags/")) {
            return ref.substring("refs/tags/".length());
        }
        return ref;
    }

    /** @return {@code main@sha1:3f2a9c1d0e7b}, or the short ref alone when unresolved */
    @Override
    public String toString() {
        return id.isEmpty() ? shortRef() : shortRef() + "@" + algorithm() + ":" + id.substring(0, 12);
    }
}
