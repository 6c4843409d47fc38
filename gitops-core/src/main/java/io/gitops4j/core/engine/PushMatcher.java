package io.gitops4j.core.engine;

import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitUrl;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a pushed ref concerns an Application's source. Repositories match on host and path (scheme,
 * user, port and a trailing {@code .git} ignored, so the {@code https://} and {@code ssh://} URLs a webhook carries
 * both match); refs match by kind: a branch by {@code refs/heads/NAME}, a tag by {@code refs/tags/NAME}, an AUTO ref
 * by either, a semver range by any tag, a full ref name exactly, a commit id never (it cannot move). Stateless.
 */
final class PushMatcher {
    private PushMatcher() {}

    static boolean matches(SourceSpec spec, String repositoryUrl, String pushedRef) {
        Optional<String> a = identity(spec.url());
        return a.isPresent() && a.equals(identity(repositoryUrl)) && refMatches(spec.ref(), pushedRef);
    }

    private static Optional<String> identity(String url) {
        try {
            GitUrl u = GitUrl.parse(url, true);
            String key = u.key();
            String path = key.substring(key.indexOf("://") + 3);
            int slash = path.indexOf('/');
            String hostPort = slash < 0 ? path : path.substring(0, slash);
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            String rest = slash < 0 ? "" : path.substring(slash);
            return Optional.of(host.toLowerCase(Locale.ROOT) + rest);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean refMatches(Ref ref, String pushed) {
        switch (ref.type()) {
            case BRANCH: return pushed.equals("refs/heads/" + ref.value());
            case TAG: return pushed.equals("refs/tags/" + ref.value());
            case AUTO: return pushed.equals("refs/heads/" + ref.value()) || pushed.equals("refs/tags/" + ref.value());
            case SEMVER: return pushed.startsWith("refs/tags/");
            case NAME: return pushed.equals(ref.value());
            default: return false;
        }
    }
}
