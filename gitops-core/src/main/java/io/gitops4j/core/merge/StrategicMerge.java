package io.gitops4j.core.merge;

import java.util.Map;

/** The recursive strategic-merge walk behind {@link StrategicMergePatch}. */
final class StrategicMerge {

    Map<String, Object> patchObject(Map<String, Object> original, Map<String, Object> patch, TypeSchema type) {
        throw new UnsupportedOperationException("strategic merge patch: not implemented yet");
    }
}
