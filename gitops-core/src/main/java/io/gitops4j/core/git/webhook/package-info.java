/**
 * Push webhooks from GitHub, GitLab, Bitbucket Cloud and Data Center, Gitea/Forgejo and a generic HMAC form:
 * {@link io.gitops4j.core.git.webhook.WebhookReceiver} caps the body, verifies the signature in constant time and
 * returns the repository URLs, ref and commit of each push.
 */
package io.gitops4j.core.git.webhook;
