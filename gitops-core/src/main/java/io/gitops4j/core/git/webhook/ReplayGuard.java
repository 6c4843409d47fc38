package io.gitops4j.core.git.webhook;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Remembers accepted deliveries for a {@link ReplayWindow}: a cache expiring entries after the window and holding at
 * most two entries per remembered delivery. A delivery is known by two keys: its sender's delivery id, and a digest
 * of its body. Senders sign the body but not the delivery id header, so the body key is the one an attacker cannot
 * change; the id key also catches a resend of the same delivery whose body was re-serialized.
 *
 * <p>The cache is Guava's with one segment, which at its size limit forgets the least recently used entries, that is
 * the oldest deliveries. Caffeine's size policy admits entries by how often they were used, and every delivery is
 * seen once, so past its limit it dropped most of the newest deliveries, the ones a replay most likely copies.
 *
 * <p>Thread-safe: {@link #claim} takes both keys atomically per key (two concurrent copies of one delivery: one
 * wins). Keys are SHA-256 digests, so nothing a sender wrote is kept verbatim.
 */
final class ReplayGuard {
    private final Cache<String, Boolean> seen;

    ReplayGuard(ReplayWindow window, LongSupplier nanoTime) {
        this.seen = window.isEnabled()
                ? CacheBuilder.newBuilder().concurrencyLevel(1).expireAfterWrite(window.window())
                        .maximumSize(2L * window.maxDeliveries()).ticker(new Ticker() {
                            @Override
                            public long read() {
                                return nanoTime.getAsLong();
                            }
                        }).build()
                : null;
    }

    /** The keys one delivery holds; {@link #release} gives them back when the delivery is refused after all. */
    record Claim(List<String> keys) {
        Claim {
            keys = List.copyOf(keys);
        }
    }

    /**
     * Takes the delivery's keys.
     *
     * @param provider the verified sender
     * @param deliveryId the sender's delivery id header, if it sent one
     * @param body the signed body
     * @return the claim, or empty when this delivery (by id or by body) was already accepted within the window
     */
    Optional<Claim> claim(WebhookProvider provider, Optional<String> deliveryId, byte[] body) {
        if (seen == null) {
            return Optional.of(new Claim(List.of()));
        }
        List<String> keys = new ArrayList<>(2);
        keys.add(digest(provider, "body", body));
        deliveryId.filter(id -> !id.isEmpty())
                .ifPresent(id -> keys.add(digest(provider, "id", id.getBytes(StandardCharsets.UTF_8))));
        List<String> taken = new ArrayList<>(2);
        for (String key : keys) {
            if (seen.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
                release(new Claim(taken));
                return Optional.empty();
            }
            taken.add(key);
        }
        return Optional.of(new Claim(taken));
    }

    /** Forgets a claim: the delivery was refused after all (malformed), so a resend is refused for that again. */
    void release(Claim claim) {
        if (seen != null) {
            claim.keys().forEach(seen::invalidate);
        }
    }

    private static String digest(WebhookProvider provider, String kind, byte[] value) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((provider.name() + '\0' + kind + '\0').getBytes(StandardCharsets.US_ASCII));
            md.update(value);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
