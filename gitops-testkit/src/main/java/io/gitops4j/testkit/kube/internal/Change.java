package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.WatchEvent;
import java.util.Map;

/**
 * One committed change, as kept in the history: the storage it happened in, its resourceVersion, and the states
 * before ({@code previous}, null for ADDED) and after ({@code current}: for DELETED the last state, carrying the
 * deletion's resourceVersion). Objects are never mutated after they are recorded.
 */
record Change(long resourceVersion, String storage, String key, WatchEvent.Type type, Map<String, Object> previous,
              Map<String, Object> current) {
}
