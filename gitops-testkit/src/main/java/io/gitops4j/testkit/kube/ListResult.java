package io.gitops4j.testkit.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One page of a list.
 *
 * @param apiVersion         the list's apiVersion (the requested type's)
 * @param kind               the list kind ({@code ConfigMapList})
 * @param items              the objects, ordered by namespace then name; the caller owns these copies
 * @param resourceVersion    the resourceVersion the list was served at (that of the first page, for later pages)
 * @param continueToken      token for the next page; empty on the last page
 * @param remainingItemCount items after this page when there is a next page; -1 when absent
 */
public record ListResult(String apiVersion, String kind, List<Map<String, Object>> items, String resourceVersion,
                         String continueToken, long remainingItemCount) {

    public ListResult {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items);
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        continueToken = continueToken == null ? "" : continueToken;
    }

    /** The list object as the API server serialises it ({@code apiVersion, kind, metadata, items}). */
    public Map<String, Object> toMap() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", resourceVersion);
        if (!continueToken.isEmpty()) {
            meta.put("continue", continueToken);
        }
        if (remainingItemCount >= 0) {
            meta.put("remainingItemCount", remainingItemCount);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        out.put("metadata", meta);
        out.put("items", new java.util.ArrayList<>(items));
        return out;
    }
}
