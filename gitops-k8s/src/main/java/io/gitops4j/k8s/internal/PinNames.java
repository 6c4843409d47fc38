package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.RetryBudget;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Applications have a pin stored, from one list of the pin ConfigMaps (selected by their label, paginated), so
 * that a store's first reads of many Applications (a host restarting with a thousand of them, P11) cost one list
 * instead of one {@code GET} each. It answers only "no pin is stored" and only while it is fresh (made at most
 * {@link #FRESH} ago); a pin that is listed is read with a {@code GET} as always. A list that fails or is refused
 * answers nothing, so every read falls back to its {@code GET} and reports what that says.
 *
 * <p>Immutable and thread-safe once made.
 */
final class PinNames {
    /** How long after the list it answers. */
    static final Duration FRESH = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(PinNames.class);
    private static final int PAGE = 500;

    private final Set<String> pinned;
    private final long madeAt;

    private PinNames(Set<String> pinned, long madeAt) {
        this.pinned = Set.copyOf(pinned);
        this.madeAt = madeAt;
    }

    /**
     * Lists the pin ConfigMaps of {@code collection} carrying {@code label}.
     *
     * @return the names listed; empty when the list did not succeed
     */
    static Optional<PinNames> list(Retrying http, String collection, String label, int attempts) {
        long started = System.nanoTime();
        Set<String> names = new HashSet<>();
        String next = "";
        try {
            do {
                ApiRequest request = ApiRequest.of("GET", collection).withQuery("labelSelector", label)
                        .withQuery("limit", Integer.toString(PAGE));
                if (!next.isEmpty()) {
                    request = request.withQuery("continue", next);
                }
                ApiResponse r = http.send(request, RetryBudget.of(attempts - 1)).response();
                if (!r.isSuccess()) {
                    LOG.debug("listing pins answered HTTP {}: pins are read one by one", r.code());
                    return Optional.empty();
                }
                for (Object item : r.json().get("items") instanceof List<?> l ? l : List.of()) {
                    if (item instanceof Map<?, ?> m && m.get("metadata") instanceof Map<?, ?> meta) {
                        names.add(String.valueOf(meta.get("name")));
                    }
                }
                next = Json.string(Json.map(r.json(), "metadata"), "continue");
            } while (!next.isEmpty());
        } catch (IOException | RuntimeException e) {
            LOG.debug("listing pins failed: pins are read one by one ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
        return Optional.of(new PinNames(names, started));
    }

    /** @return true when the list showed no ConfigMap named {@code configMap} and is still fresh */
    boolean showsNone(String configMap) {
        return System.nanoTime() - madeAt <= FRESH.toNanos() && !pinned.contains(configMap);
    }
}
