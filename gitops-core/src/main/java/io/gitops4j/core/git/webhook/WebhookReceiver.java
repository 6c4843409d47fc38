package io.gitops4j.core.git.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Verifies and parses push webhooks (EN-04): the body size is checked first, then the sender is recognised by its
 * event header, its signature or token is checked in constant time against the secret the host configured for
 * that sender (a sender without a configured secret is refused), then a delivery already accepted within the
 * {@link ReplayWindow} is refused (GS-16), and only then is the JSON read. Events other than pushes come back as
 * {@link WebhookResult.Ignored}, not as errors.
 *
 * <p>{@link #receive(Map, InputStream)} reads the body itself and stops at the cap, so a host need not buffer an
 * oversized body first (GS-17).
 *
 * <p>Thread-safe. The receiver remembers accepted deliveries for the replay window (bounded memory, see {@link
 * ReplayWindow}); secrets are read through suppliers on each call so they can rotate.
 */
public final class WebhookReceiver {
    /** The default body cap: 1 MiB (GitHub caps payloads at 25 MB, but pushes are far smaller). */
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    /** The largest body cap accepted: 64 MiB. */
    public static final int MAX_BODY_LIMIT = 64 << 20;
    private final Senders senders;
    private final ReplayGuard replays;
    private final int maxBodyBytes;

    private WebhookReceiver(Builder b) {
        this.senders = new Senders(b.secrets);
        this.replays = new ReplayGuard(b.replayWindow, b.nanoTime);
        this.maxBodyBytes = b.maxBodyBytes;
    }

    /** @return a builder; configure a secret per provider you accept */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link WebhookReceiver}. Not thread-safe; build once. */
    public static final class Builder {
        private final Map<WebhookProvider, Supplier<String>> secrets = new EnumMap<>(WebhookProvider.class);
        private int maxBodyBytes = DEFAULT_MAX_BODY;
        private ReplayWindow replayWindow = ReplayWindow.defaults();
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {}

        /** @param provider a sender to accept @param secret its webhook secret (HMAC key or GitLab token) */
        public Builder secret(WebhookProvider provider, Supplier<String> secret) {
            secrets.put(Objects.requireNonNull(provider), Objects.requireNonNull(secret));
            return this;
        }

        /** @param bytes the largest body accepted, 1 to {@link #MAX_BODY_LIMIT} */
        public Builder maxBodyBytes(int bytes) {
            if (bytes <= 0 || bytes > MAX_BODY_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + MAX_BODY_LIMIT);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @param window how long accepted deliveries are remembered; {@link ReplayWindow#defaults()} unless set */
        public Builder replayWindow(ReplayWindow window) {
            this.replayWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** The clock the replay window runs on (tests advance it instead of waiting). */
        Builder nanoTime(LongSupplier clock) {
            this.nanoTime = Objects.requireNonNull(clock);
            return this;
        }

        /** @return the receiver */
        public WebhookReceiver build() {
            return new WebhookReceiver(this);
        }
    }

    /**
     * Reads the body from the host's request stream and handles the delivery. A {@code Content-Length} over the cap
     * is refused before any byte is read; otherwise at most the cap plus one byte is read, so an endless or
     * oversized body costs no more memory than the cap. Blocks while reading (the host's server bounds how long a
     * read may wait); does not close the stream.
     *
     * @param headers the request headers (names case-insensitive)
     * @param body the request body stream
     * @return the pushes the delivery reports, or why it is ignored
     * @throws WebhookException when the delivery is too large, unreadable, unsigned, wrongly signed, replayed or
     *     malformed
     */
    public WebhookResult receive(Map<String, String> headers, InputStream body) {
        Objects.requireNonNull(body, "body");
        WebhookRequest head = new WebhookRequest(headers, new byte[0]);
        head.header("Content-Length").ifPresent(this::checkDeclaredLength);
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "webhook body could not be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge("webhook body is over the limit of " + maxBodyBytes + " bytes (reading stopped there)");
        }
        return receive(new WebhookRequest(head.headers(), bytes));
    }

    /**
     * @return the pushes the delivery reports, or why it is ignored
     * @throws WebhookException when the delivery is too large, unsigned, wrongly signed, replayed or malformed
     */
    public WebhookResult receive(WebhookRequest request) {
        byte[] body = request.rawBody();
        if (body.length > maxBodyBytes) {
            throw tooLarge("webhook body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
        }
        Senders.Verified delivery = senders.verify(request);
        ReplayGuard.Claim claim = replays.claim(delivery.provider(), delivery.deliveryId(), body).orElseThrow(() ->
                new WebhookException(WebhookException.Reason.REPLAYED, "webhook from " + delivery.provider()
                        + " refused: this delivery was already accepted (a replay)"));
        if (!delivery.push()) {
            String event = delivery.event();
            return new WebhookResult.Ignored(delivery.provider(), event.length() > 64 ? event.substring(0, 64) : event,
                    "not a push event");
        }
        try {
            return new WebhookResult.Push(parse(delivery.provider(), body));
        } catch (WebhookException e) {
            replays.release(claim);
            throw e;
        }
    }

    private static List<PushEvent> parse(WebhookProvider provider, byte[] body) {
        switch (provider) {
            case GITHUB:
            case GITEA:
                return PushPayloads.githubLike(provider, PushPayloads.parse(body));
            case GITLAB:
                return PushPayloads.gitlab(PushPayloads.parse(body));
            case BITBUCKET_CLOUD:
                return PushPayloads.bitbucketCloud(PushPayloads.parse(body));
            case BITBUCKET_DATA_CENTER:
                return PushPayloads.bitbucketDataCenter(PushPayloads.parse(body));
            case GENERIC:
            default:
                return PushPayloads.generic(PushPayloads.parse(body));
        }
    }

    private void checkDeclaredLength(String value) {
        long declared;
        try {
            declared = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "webhook refused: Content-Length is not "
                    + "a number");
        }
        if (declared > maxBodyBytes) {
            throw tooLarge("webhook body of " + declared + " bytes (Content-Length) is over the limit of "
                    + maxBodyBytes);
        }
    }

    private static WebhookException tooLarge(String message) {
        return new WebhookException(WebhookException.Reason.TOO_LARGE, message);
    }

    /** @return the signature header value a sender would compute, for tests and for signing generic webhooks */
    public static String sign(String secret, byte[] body) {
        return "sha256=" + Hmac.hex(secret, body);
    }
}
