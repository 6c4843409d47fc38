package io.gitops4j.core.git.webhook;

import io.gitops4j.api.GitOpsException;

/**
 * A webhook delivery was refused. The host answers 401 for {@link Reason#UNSIGNED} and {@link
 * Reason#BAD_SIGNATURE}, 413 for {@link Reason#TOO_LARGE}, 409 for {@link Reason#REPLAYED}, 400 otherwise. Messages
 * never carry the secret, the received signature or text from the body.
 */
public class WebhookException extends GitOpsException {
    private static final long serialVersionUID = 1L;

    /** Why a delivery was refused. */
    public enum Reason {
        /** No signature or token, no known sender, or no secret configured for the sender. */
        UNSIGNED,
        /** The signature or token does not match. */
        BAD_SIGNATURE,
        /** The body is larger than the cap. */
        TOO_LARGE,
        /** The same delivery (by delivery id or by signed body) was already accepted within the replay window. */
        REPLAYED,
        /** The body is not the JSON the sender's push event has, or it could not be read. */
        MALFORMED
    }

    private final Reason reason;

    /** @param reason why @param message what, without secrets */
    public WebhookException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the delivery was refused */
    public Reason reason() {
        return reason;
    }
}
