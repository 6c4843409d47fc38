package io.gitops4j.api.source;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.nio.file.Path;

/**
 * Which repository, which ref and which directory in it make up an Application's input.
 *
 * <p>The URL never carries credentials ({@code https://user:token@…} is rejected): a host supplies those to the
 * source per call. {@code file:} URLs name a local directory or repository.
 *
 * @param url repository URL ({@code https://…}, {@code ssh://…}, {@code git://…}, {@code file:…})
 * @param ref what to follow
 * @param path directory inside the repository, relative, {@code ""} or {@code "."} for the root
 */
public record SourceSpec(String url, Ref ref, String path) {
    /** @throws InvalidSpecException for credentials or control characters in the URL, or an escaping path */
    public SourceSpec {
        Checks.notBlank(url, "url");
        Checks.notNull(ref, "ref");
        Checks.notNull(path, "path");
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i)) || url.charAt(i) == ' ') {
                throw new InvalidSpecException("url", "contains whitespace or a control character");
            }
        }
        int scheme = url.indexOf("://");
        if (scheme > 0) {
            int at = url.indexOf('@', scheme);
            int slash = url.indexOf('/', scheme + 3);
            boolean userInfo = at > 0 && (slash < 0 || at < slash);
            if (userInfo && url.substring(scheme + 3, at).contains(":")) {
                throw new InvalidSpecException("url", "must not contain credentials; supply them to the source");
            }
        }
        path = SnapshotPaths.normalize(path);
    }

    /** A Git repository at a ref (text form, see {@link Ref#parse}) and a path. */
    public static SourceSpec git(String url, String ref, String path) {
        return new SourceSpec(url, Ref.parse(ref), path);
    }

    /** A local directory; its revision is the content hash of the tree. */
    public static SourceSpec local(Path directory) {
        Checks.notNull(directory, "directory");
        return new SourceSpec(directory.toAbsolutePath().normalize().toUri().toString(), Ref.name("refs/heads/local"), "");
    }

    /** @return this spec with another ref */
    public SourceSpec withRef(Ref newRef) {
        return new SourceSpec(url, newRef, path);
    }

    /** @return this spec with another path */
    public SourceSpec withPath(String newPath) {
        return new SourceSpec(url, ref, newPath);
    }

    /** @return true for a {@code file:} URL */
    public boolean isLocal() {
        return url.startsWith("file:");
    }
}
