package io.gitops4j.core.git.webhook;

import java.util.List;

/** What a verified webhook delivery means: pushes to act on, or an event that is not about pushes. */
public sealed interface WebhookResult {
    /** @param events the ref updates the delivery reports (Bitbucket may report several) */
    record Push(List<PushEvent> events) implements WebhookResult {
        /** Copies the list. */
        public Push {
            events = List.copyOf(events);
        }
    }

    /** @param provider the sender @param event the event name @param reason why it is ignored */
    record Ignored(WebhookProvider provider, String event, String reason) implements WebhookResult {}
}
