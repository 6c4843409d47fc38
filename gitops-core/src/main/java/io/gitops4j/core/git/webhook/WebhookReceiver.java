package io.gitops4j.core.git.webhook;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Verifies and parses push webhooks (EN-04): the body size is checked first, then the sender is recognised by its
 * event header, its signature or token is checked in constant time against the secret the host configured for
 * that sender (a sender without a configured secret is refused), and only then is the JSON read. Events other than
 * pushes come back as {@link WebhookResult.Ignored}, not as errors.
 *
 * <p>Thread-safe and stateless per call; secrets are read through suppliers on each call so they can rotate.
 */
public final class WebhookReceiver {
    /** The default body cap: 1 MiB (GitHub caps payloads at 25 MB, but pushes are far smaller). */
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    private final Map<WebhookProvider, Supplier<String>> secrets;
    private final int maxBodyBytes;

    private WebhookReceiver(Map<WebhookProvider, Supplier<String>> secrets, int maxBodyBytes) {
        this.secrets = Map.copyOf(secrets);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** @return a builder; configure a secret per provider you accept */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link WebhookReceiver}. */
    public static final class Builder {
        private final Map<WebhookProvider, Supplier<String>> secrets = new EnumMap<>(WebhookProvider.class);
        private int maxBodyBytes = DEFAULT_MAX_BODY;

        private Builder() {}

        /** @param provider a sender to accept @param secret its webhook secret (HMAC key or GitLab token) */
        public Builder secret(WebhookProvider provider, Supplier<String> secret) {
            secrets.put(Objects.requireNonNull(provider), Objects.requireNonNull(secret));
            return this;
        }

        /** @param bytes the largest body accepted */
        public Builder maxBodyBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @return the receiver */
        public WebhookReceiver build() {
            return new WebhookReceiver(secrets, maxBodyBytes);
        }
    }

    /**
     * @return the pushes the delivery reports, or why it is ignored
     * @throws WebhookException when the delivery is too large, unsigned, wrongly signed or malformed
     */
    public WebhookResult receive(WebhookRequest request) {
        byte[] body = request.rawBody();
        if (body.length > maxBodyBytes) {
            throw new WebhookException(WebhookException.Reason.TOO_LARGE, "webhook body of " + body.length
                    + " bytes is over the limit of " + maxBodyBytes);
        }
        Optional<String> github = request.header("X-GitHub-Event");
        if (github.isPresent()) {
            verifyPrefixed(WebhookProvider.GITHUB, request, "X-Hub-Signature-256");
            return github.get().equals("push")
                    ? push(PushPayloads.githubLike(WebhookProvider.GITHUB, PushPayloads.parse(body)))
                    : ignored(WebhookProvider.GITHUB, github.get());
        }
        Optional<String> gitlab = request.header("X-Gitlab-Event");
        if (gitlab.isPresent()) {
            String token = request.header("X-Gitlab-Token").orElseThrow(() -> unsigned(WebhookProvider.GITLAB));
            if (!Hmac.tokenMatches(secret(WebhookProvider.GITLAB), token)) {
                throw badSignature(WebhookProvider.GITLAB);
            }
            return gitlab.get().equals("Push Hook") || gitlab.get().equals("Tag Push Hook")
                    ? push(PushPayloads.gitlab(PushPayloads.parse(body))) : ignored(WebhookProvider.GITLAB, gitlab.get());
        }
        Optional<String> gitea = request.header("X-Forgejo-Event").or(() -> request.header("X-Gitea-Event"));
        if (gitea.isPresent()) {
            String sig = request.header("X-Forgejo-Signature").or(() -> request.header("X-Gitea-Signature"))
                    .orElseThrow(() -> unsigned(WebhookProvider.GITEA));
            if (!Hmac.matches(secret(WebhookProvider.GITEA), body, sig)) {
                throw badSignature(WebhookProvider.GITEA);
            }
            return gitea.get().equals("push")
                    ? push(PushPayloads.githubLike(WebhookProvider.GITEA, PushPayloads.parse(body)))
                    : ignored(WebhookProvider.GITEA, gitea.get());
        }
        Optional<String> eventKey = request.header("X-Event-Key");
        if (eventKey.isPresent()) {
            WebhookProvider p = isDataCenter(eventKey.get(), request) ? WebhookProvider.BITBUCKET_DATA_CENTER
                    : WebhookProvider.BITBUCKET_CLOUD;
            verifyPrefixed(p, request, "X-Hub-Signature");
            if (p == WebhookProvider.BITBUCKET_CLOUD && eventKey.get().equals("repo:push")) {
                return push(PushPayloads.bitbucketCloud(PushPayloads.parse(body)));
            }
            if (p == WebhookProvider.BITBUCKET_DATA_CENTER && eventKey.get().equals("repo:refs_changed")) {
                return push(PushPayloads.bitbucketDataCenter(PushPayloads.parse(body)));
            }
            return ignored(p, eventKey.get());
        }
        if (request.header("X-Gitops4j-Signature").isPresent()) {
            verifyPrefixed(WebhookProvider.GENERIC, request, "X-Gitops4j-Signature");
            return push(PushPayloads.generic(PushPayloads.parse(body)));
        }
        throw new WebhookException(WebhookException.Reason.UNSIGNED,
                "webhook refused: no known sender header (GitHub, GitLab, Bitbucket, Gitea/Forgejo, X-Gitops4j-Signature)");
    }

    private static boolean isDataCenter(String eventKey, WebhookRequest request) {
        if (eventKey.equals("repo:refs_changed") || eventKey.startsWith("diagnostics:")
                || eventKey.startsWith("mirror:")) {
            return true;
        }
        return !eventKey.equals("repo:push") && request.header("X-Hook-UUID").isEmpty()
                && request.header("X-Request-Id").isPresent();
    }

    private void verifyPrefixed(WebhookProvider provider, WebhookRequest request, String header) {
        String value = request.header(header).orElseThrow(() -> unsigned(provider));
        if (!value.startsWith("sha256=")) {
            throw badSignature(provider);
        }
        if (!Hmac.matches(secret(provider), request.rawBody(), value.substring("sha256=".length()))) {
            throw badSignature(provider);
        }
    }

    private String secret(WebhookProvider provider) {
        Supplier<String> s = secrets.get(provider);
        String value = s == null ? null : s.get();
        if (value == null || value.isEmpty()) {
            throw new WebhookException(WebhookException.Reason.UNSIGNED, "webhook from " + provider
                    + " refused: no secret is configured for this sender");
        }
        return value;
    }

    private static WebhookException unsigned(WebhookProvider provider) {
        return new WebhookException(WebhookException.Reason.UNSIGNED, "webhook from " + provider
                + " refused: the signature or token header is missing");
    }

    private static WebhookException badSignature(WebhookProvider provider) {
        return new WebhookException(WebhookException.Reason.BAD_SIGNATURE, "webhook from " + provider
                + " refused: the signature or token does not match");
    }

    private static WebhookResult push(List<PushEvent> events) {
        return new WebhookResult.Push(events);
    }

    private static WebhookResult ignored(WebhookProvider provider, String event) {
        return new WebhookResult.Ignored(provider, event.length() > 64 ? event.substring(0, 64) : event,
                "not a push event");
    }

    /** @return the signature header value a sender would compute, for tests and for signing generic webhooks */
    public static String sign(String secret, byte[] body) {
        return "sha256=" + Hmac.hex(secret, body);
    }

}
