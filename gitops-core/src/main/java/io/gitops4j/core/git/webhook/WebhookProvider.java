package io.gitops4j.core.git.webhook;

/** The senders a {@link WebhookReceiver} understands, each with its own signature header. */
public enum WebhookProvider {
    /** GitHub: {@code X-GitHub-Event}, {@code X-Hub-Signature-256: sha256=HEX}. */
    GITHUB,
    /** GitLab: {@code X-Gitlab-Event}, {@code X-Gitlab-Token: SECRET}. */
    GITLAB,
    /** Bitbucket Cloud: {@code X-Event-Key: repo:push}, {@code X-Hub-Signature: sha256=HEX}. */
    BITBUCKET_CLOUD,
    /** Bitbucket Data Center: {@code X-Event-Key: repo:refs_changed}, {@code X-Hub-Signature: sha256=HEX}. */
    BITBUCKET_DATA_CENTER,
    /** Gitea and Forgejo: {@code X-Gitea-Event}/{@code X-Forgejo-Event}, {@code X-Gitea-Signature: HEX}. */
    GITEA,
    /**
     * Anything else that can sign: {@code X-Gitops4j-Signature: sha256=HEX} over a body
     * {@code {"repository": URL, "ref": "refs/heads/main", "commit": ID}}.
     */
    GENERIC
}
