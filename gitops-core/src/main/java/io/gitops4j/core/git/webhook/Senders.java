package io.gitops4j.core.git.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Recognises who sent a delivery by its event header and checks its signature or token in constant time against the
 * secret the host configured for that sender; a sender without a configured secret is refused. Reads headers only,
 * never the JSON. Thread-safe; secrets are read through their suppliers on each call, so they can rotate.
 */
final class Senders {
    private final Map<WebhookProvider, Supplier<String>> secrets;

    Senders(Map<WebhookProvider, Supplier<String>> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * A delivery whose sender is known and whose signature or token matched.
     *
     * @param provider who sent it
     * @param event the sender's event name
     * @param push whether the event is a push (the only kind parsed)
     * @param deliveryId the sender's delivery id header, if present (not covered by any signature)
     */
    record Verified(WebhookProvider provider, String event, boolean push, Optional<String> deliveryId) {}

    /** @throws WebhookException UNSIGNED or BAD_SIGNATURE */
    Verified verify(WebhookRequest request) {
        Optional<String> github = request.header("X-GitHub-Event");
        if (github.isPresent()) {
            verifyPrefixed(WebhookProvider.GITHUB, request, "X-Hub-Signature-256");
            return verified(WebhookProvider.GITHUB, github.get(), github.get().equals("push"), request,
                    "X-GitHub-Delivery");
        }
        Optional<String> gitlab = request.header("X-Gitlab-Event");
        if (gitlab.isPresent()) {
            String token = request.header("X-Gitlab-Token").orElseThrow(() -> unsigned(WebhookProvider.GITLAB));
            if (!Hmac.tokenMatches(secret(WebhookProvider.GITLAB), token)) {
                throw badSignature(WebhookProvider.GITLAB);
            }
            boolean push = gitlab.get().equals("Push Hook") || gitlab.get().equals("Tag Push Hook");
            return verified(WebhookProvider.GITLAB, gitlab.get(), push, request, "X-Gitlab-Event-UUID");
        }
        Optional<String> gitea = request.header("X-Forgejo-Event").or(() -> request.header("X-Gitea-Event"));
        if (gitea.isPresent()) {
            String sig = request.header("X-Forgejo-Signature").or(() -> request.header("X-Gitea-Signature"))
                    .orElseThrow(() -> unsigned(WebhookProvider.GITEA));
            if (!Hmac.matches(secret(WebhookProvider.GITEA), request.rawBody(), sig)) {
                throw badSignature(WebhookProvider.GITEA);
            }
            return verified(WebhookProvider.GITEA, gitea.get(), gitea.get().equals("push"), request,
                    "X-Forgejo-Delivery", "X-Gitea-Delivery");
        }
        Optional<String> eventKey = request.header("X-Event-Key");
        if (eventKey.isPresent()) {
            if (isDataCenter(eventKey.get(), request)) {
                verifyPrefixed(WebhookProvider.BITBUCKET_DATA_CENTER, request, "X-Hub-Signature");
                return verified(WebhookProvider.BITBUCKET_DATA_CENTER, eventKey.get(),
                        eventKey.get().equals("repo:refs_changed"), request, "X-Request-Id");
            }
            verifyPrefixed(WebhookProvider.BITBUCKET_CLOUD, request, "X-Hub-Signature");
            return verified(WebhookProvider.BITBUCKET_CLOUD, eventKey.get(), eventKey.get().equals("repo:push"),
                    request, "X-Request-UUID");
        }
        if (request.header("X-Gitops4j-Signature").isPresent()) {
            verifyPrefixed(WebhookProvider.GENERIC, request, "X-Gitops4j-Signature");
            return verified(WebhookProvider.GENERIC, "push", true, request, "X-Gitops4j-Delivery");
        }
        throw new WebhookException(WebhookException.Reason.UNSIGNED,
                "webhook refused: no known sender header (GitHub, GitLab, Bitbucket, Gitea/Forgejo, X-Gitops4j-Signature)");
    }

    private static Verified verified(WebhookProvider provider, String event, boolean push, WebhookRequest request,
            String... deliveryHeaders) {
        Optional<String> id = Optional.empty();
        for (String h : List.of(deliveryHeaders)) {
            id = id.or(() -> request.header(h));
        }
        return new Verified(provider, event, push, id);
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
}
