package io.gitops4j.core.git.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as received by the host's web framework: headers (names case-insensitive) and the raw body bytes
 * (the exact bytes, since signatures cover them).
 *
 * @param headers header names to values (first value when repeated)
 * @param body the raw body
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {
    /** Copies the parts; header names are matched case-insensitively. */
    public WebhookRequest {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                h.put(k, v);
            }
        });
        headers = java.util.Collections.unmodifiableMap(h);
        body = body.clone();
    }

    /** @return a header's value, trimmed */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).or(
                () -> Optional.ofNullable(headers.get(name))).map(String::trim);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    byte[] rawBody() {
        return body;
    }
}
