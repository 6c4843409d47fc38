package io.gitops4j.examples.bench;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Requests a server answered: the total, per verb ({@code get}, {@code list}, {@code patch}, ...; the lower-case HTTP
 * method for discovery and other non-resource paths), how many were for resources (the rest: discovery, OpenAPI,
 * {@code /version}) and per HTTP status.
 */
record RequestCounts(long total, Map<String, Long> byVerb, long resources, Map<String, Long> byStatus) {
    RequestCounts {
        if (total < 0 || resources < 0 || resources > total) {
            throw new IllegalArgumentException("counts out of range: " + resources + " of " + total);
        }
        byVerb = Map.copyOf(Objects.requireNonNull(byVerb, "byVerb"));
        byStatus = Map.copyOf(Objects.requireNonNull(byStatus, "byStatus"));
    }

    /** @return requests for no resource: discovery, OpenAPI, {@code /version} */
    long nonResource() {
        return total - resources;
    }

    /** @return requests with this verb; 0 when none */
    long verb(String verb) {
        return byVerb.getOrDefault(verb, 0L);
    }

    /** @return requests answered with this status; 0 when none */
    long status(int code) {
        return byStatus.getOrDefault(Integer.toString(code), 0L);
    }

    /** @return the writes: create, update, patch, delete, deletecollection */
    long writes() {
        return verb("create") + verb("update") + verb("patch") + verb("delete") + verb("deletecollection");
    }

    /** @return {@code "patch 1000, get 2, ..."}, most frequent first, then by name */
    String describeVerbs() {
        if (byVerb.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(byVerb).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
