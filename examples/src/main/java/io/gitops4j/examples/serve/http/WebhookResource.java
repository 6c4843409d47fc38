package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.core.git.webhook.PushEvent;
import io.gitops4j.core.git.webhook.WebhookException;
import io.gitops4j.core.git.webhook.WebhookReceiver;
import io.gitops4j.core.git.webhook.WebhookResult;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.ServeMetrics;
import java.io.IOException;
import java.util.TreeSet;

/**
 * {@code POST /api/webhooks}: a push from GitHub, GitLab, Bitbucket, Gitea/Forgejo or a generic HMAC sender. The
 * library's {@link WebhookReceiver} recognises the sender, caps the body while reading it, checks the signature or
 * token against the secret {@code apps.yaml} points at, and refuses replays; only then is any Application
 * triggered ({@link Fleet#onPush}). Answers 202 with the Applications triggered, or a JSON error: 401 unsigned or
 * wrongly signed, 409 replayed, 413 too large, 400 malformed. A refused delivery triggers nothing. Thread-safe.
 */
public final class WebhookResource implements ApiCall.Route {
    private final WebhookReceiver receiver;
    private final Fleet fleet;
    private final ServeMetrics metrics;

    /** @param receiver the configured receiver @param fleet the Applications @param metrics where deliveries count */
    public WebhookResource(WebhookReceiver receiver, Fleet fleet, ServeMetrics metrics) {
        this.receiver = receiver;
        this.fleet = fleet;
        this.metrics = metrics;
    }

    @Override
    public void handle(ApiCall call) throws IOException {
        ApplicationsApi.requirePost(call);
        WebhookResult result;
        try {
            result = receiver.receive(call.headers(), call.body());
        } catch (WebhookException e) {
            metrics.webhook(e.reason().name().toLowerCase(java.util.Locale.ROOT));
            int status = switch (e.reason()) {
                case UNSIGNED, BAD_SIGNATURE -> 401;
                case TOO_LARGE -> 413;
                case REPLAYED -> 409;
                case MALFORMED -> 400;
            };
            throw new ApiException(status, "WEBHOOK_" + e.reason(), e.getMessage());
        }
        ObjectNode answer = ApiCall.JSON.createObjectNode();
        if (result instanceof WebhookResult.Ignored ignored) {
            metrics.webhook("ignored");
            answer.put("ignored", ignored.reason()).put("event", ignored.event());
            answer.putArray("triggered");
            call.json(202, answer);
            return;
        }
        TreeSet<String> triggered = new TreeSet<>();
        int events = 0;
        for (PushEvent push : ((WebhookResult.Push) result).events()) {
            events++;
            if (push.deleted()) {
                continue;
            }
            push.repositoryUrls().forEach(url -> triggered.addAll(fleet.onPush(url, push.ref())));
        }
        metrics.webhook("accepted");
        answer.put("events", events);
        ArrayNode names = answer.putArray("triggered");
        triggered.forEach(names::add);
        call.json(202, answer);
    }
}
