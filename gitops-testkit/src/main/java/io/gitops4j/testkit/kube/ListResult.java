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
 * @param itemTypeMeta       whether {@link #toMap()} keeps {@code apiVersion} and {@code kind} on the items: a real
 *                           API server leaves them out of the items of built-in (typed) lists and keeps them for
 *                           custom resources; {@link #items()} always carry them
 */
public record ListResult(String apiVersion, String kind, List<Map<String, Object>> items, String resourceVersion,
                         String continueToken, long remainingItemCount, boolean itemTypeMeta) {

    public ListResult {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items);
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        continueToken = continueToken == null ? "" : continueToken;
    }

    /** A page whose serialised items keep their type meta (as for custom resources). */
    public ListResult(String apiVersion, String kind, List<Map<String, Object>> items, String resourceVersion,
                      String continueToken, long remainingItemCount) {
        this(apiVersion, kind, items, resourceVersion, continueToken, remainingItemCount, true);
    }

    /**
     * The list object as the API server serialises it ({@code apiVersion, kind, metadata, items}); items of a
     * built-in list without their {@code apiVersion} and {@code kind}.
     */
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
        java.util.List<Object> wire = new java.util.ArrayList<>(items.size());
        for (Map<String, Object> item : items) {
            wire.add(itemTypeMeta ? item : withoutTypeMeta(item));
        }
        out.put("items", wire);
        return out;
    }

    private static Map<String, Object> withoutTypeMeta(Map<String, Object> item) {
        if (item instanceof io.gitops4j.testkit.kube.internal.PresentedObject presented) {
            return presented.withoutTypeMeta();
        }
        Map<String, Object> out = new LinkedHashMap<>(item);
        out.remove("apiVersion");
        out.remove("kind");
        return out;
    }
}
