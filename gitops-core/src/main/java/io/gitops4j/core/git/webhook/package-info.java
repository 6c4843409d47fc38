/**
 * Push webhooks from GitHub, GitLab, Bitbucket Cloud and Data Center, Gitea/Forgejo and a generic HMAC form:
 * {@link io.gitops4j.core.git.webhook.WebhookReceiver} caps the body (also while reading it from a stream), verifies
 * the signature in constant time, refuses replayed deliveries ({@link io.gitops4j.core.git.webhook.ReplayWindow}) and
 * returns the repository URLs, ref and commit of each push.
 */
package io.gitops4j.core.git.webhook;
