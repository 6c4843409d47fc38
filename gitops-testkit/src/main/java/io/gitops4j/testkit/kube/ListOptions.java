package io.gitops4j.testkit.kube;

import java.util.Map;

/**
 * Options of a list (and of the selection of a delete-collection).
 *
 * @param labelSelector   label selector, full grammar; empty selects all
 * @param fieldSelector   field selector ({@code metadata.name}, {@code metadata.namespace} and a few per-kind
 *                        fields); empty selects all
 * @param limit           page size; 0 for no limit
 * @param continueToken   {@code continue} token from a previous page; empty for the first page
 * @param resourceVersion {@code resourceVersion} parameter (accepted; lists are always served from the latest state)
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion) {

    public ListOptions {
        labelSelector = labelSelector == null ? "" : labelSelector;
        fieldSelector = fieldSelector == null ? "" : fieldSelector;
        continueToken = continueToken == null ? "" : continueToken;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0");
        }
    }

    /** Everything, one page. */
    public static ListOptions defaults() {
        return new ListOptions("", "", 0, "", "");
    }

    /**
     * Reads {@code labelSelector}, {@code fieldSelector}, {@code limit}, {@code continue}, {@code resourceVersion}.
     *
     * @throws FakeKubeException 400 for a non-numeric limit
     */
    public static ListOptions fromQuery(Map<String, String> query) {
        return new ListOptions(query.get("labelSelector"), query.get("fieldSelector"),
                parseLong(query.get("limit"), "limit"), query.get("continue"), query.get("resourceVersion"));
    }

    public ListOptions withLabelSelector(String value) {
        return new ListOptions(value, fieldSelector, limit, continueToken, resourceVersion);
    }

    public ListOptions withFieldSelector(String value) {
        return new ListOptions(labelSelector, value, limit, continueToken, resourceVersion);
    }

    public ListOptions withLimit(long value) {
        return new ListOptions(labelSelector, fieldSelector, value, continueToken, resourceVersion);
    }

    public ListOptions withContinue(String value) {
        return new ListOptions(labelSelector, fieldSelector, limit, value, resourceVersion);
    }

    static long parseLong(String text, String what) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(text);
            return Math.max(0, v);
        } catch (NumberFormatException e) {
            throw FakeKubeException.badRequest("invalid " + what + ": " + text);
        }
    }
}
