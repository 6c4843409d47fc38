package io.gitops4j.testkit.kube;

import java.util.Map;

/**
 * Options of a watch.
 *
 * @param labelSelector   label selector; empty selects all
 * @param fieldSelector   field selector; empty selects all
 * @param resourceVersion empty or {@code 0}: start with synthetic ADDED events for the current state; otherwise
 *                        replay every change after that version from the bounded history (410 when too old)
 * @param allowBookmarks  {@code allowWatchBookmarks=true}: the watch may emit BOOKMARK events
 * @param timeoutSeconds  {@code timeoutSeconds}; the watch ends by itself after that long; 0 for no timeout
 */
public record WatchOptions(String labelSelector, String fieldSelector, String resourceVersion,
                           boolean allowBookmarks, long timeoutSeconds) {

    public WatchOptions {
        labelSelector = labelSelector == null ? "" : labelSelector;
        fieldSelector = fieldSelector == null ? "" : fieldSelector;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeoutSeconds must be >= 0");
        }
    }

    /** Everything, from the current state, no bookmarks, no timeout. */
    public static WatchOptions defaults() {
        return new WatchOptions("", "", "", false, 0);
    }

    /** Reads {@code labelSelector}, {@code fieldSelector}, {@code resourceVersion}, {@code allowWatchBookmarks},
     * {@code timeoutSeconds}. */
    public static WatchOptions fromQuery(Map<String, String> query) {
        return new WatchOptions(query.get("labelSelector"), query.get("fieldSelector"),
                query.get("resourceVersion"), "true".equals(query.get("allowWatchBookmarks")),
                ListOptions.parseLong(query.get("timeoutSeconds"), "timeoutSeconds"));
    }

    public WatchOptions withLabelSelector(String value) {
        return new WatchOptions(value, fieldSelector, resourceVersion, allowBookmarks, timeoutSeconds);
    }

    public WatchOptions withFieldSelector(String value) {
        return new WatchOptions(labelSelector, value, resourceVersion, allowBookmarks, timeoutSeconds);
    }

    public WatchOptions withResourceVersion(String value) {
        return new WatchOptions(labelSelector, fieldSelector, value, allowBookmarks, timeoutSeconds);
    }

    public WatchOptions withBookmarks(boolean value) {
        return new WatchOptions(labelSelector, fieldSelector, resourceVersion, value, timeoutSeconds);
    }

    public WatchOptions withTimeoutSeconds(long value) {
        return new WatchOptions(labelSelector, fieldSelector, resourceVersion, allowBookmarks, value);
    }
}
