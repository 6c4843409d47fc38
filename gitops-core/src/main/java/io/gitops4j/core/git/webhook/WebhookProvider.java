package io.gitops4j.core.git.webhook;

/**
 * The senders a {@link WebhookReceiver} understands, each with its own event, signature and delivery id headers (the
 * delivery id is what the replay window remembers besides the body).
 */
public enum WebhookProvider {
    /** GitHub: {@code X-GitHub-Event}, {@code X-Hub-Signature-256: sha256=HEX}, {@code X-GitHub-Delivery}. */
    GITHUB,
    /** GitLab: {@code X-Gitlab-Event}, {@code X-Gitlab-Token: SECRET}, {@code X-Gitlab-Event-UUID}. */
    GITLAB,
    /** Bitbucket Cloud: {@code X-Event-Key: repo:push}, {@code X-Hub-Signature: sha256=HEX}, {@code X-Request-UUID}. */
    BITBUCKET_CLOUD,
    /**
     * Bitbucket Data Center: {@code X-Event-Key: repo:refs_changed}, {@code X-Hub-Signature: sha256=HEX},
     * {@code X-Request-Id}.
     */
    BITBUCKET_DATA_CENTER,
    /**
     * Gitea and Forgejo: {@code X-Gitea-Event}/{@code X-Forgejo-Event}, {@code X-Gitea-Signature: HEX}/{@code
     * X-Forgejo-Signature: HEX}, {@code X-Gitea-Delivery}/{@code X-Forgejo-Delivery}.
     */
    GITEA,
    /**
     * Anything else that can sign: {@code X-Gitops4j-Signature: sha256=HEX} over a body
     * {@code {"repository": URL, "ref": "refs/heads/main", "commit": ID}}, optionally {@code X-Gitops4j-Delivery}.
     */
    GENERIC
}
