package io.gitops4j.core.git.webhook;

import java.util.List;
import java.util.Objects;

/**
 * A verified push: which repository (its URLs as the sender names them: HTTPS, SSH), which ref moved, and to which
 * commit. The engine matches the URLs against its Applications and triggers those following the ref.
 *
 * @param provider who sent it
 * @param repositoryUrls the repository's URLs, at least one
 * @param ref the full ref name, {@code refs/heads/…} or {@code refs/tags/…}
 * @param commit the new commit id, or {@code ""} when the ref was deleted
 */
public record PushEvent(WebhookProvider provider, List<String> repositoryUrls, String ref, String commit) {
    /** Validates and copies. */
    public PushEvent {
        Objects.requireNonNull(provider, "provider");
        repositoryUrls = List.copyOf(repositoryUrls);
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(commit, "commit");
        if (repositoryUrls.isEmpty() || !ref.startsWith("refs/")
                || !(commit.isEmpty() || commit.matches("[0-9a-f]{40}|[0-9a-f]{64}"))) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "push event without repository, "
                    + "a full ref name or a commit id");
        }
    }

    /** @return true when the push deleted the ref */
    public boolean deleted() {
        return commit.isEmpty();
    }
}
