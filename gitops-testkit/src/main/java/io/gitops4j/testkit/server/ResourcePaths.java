package io.gitops4j.testkit.server;

import io.gitops4j.testkit.kube.ResourceType;

/** URL shapes of a {@link ResourceType}. */
final class ResourcePaths {
    private ResourcePaths() {
    }

    /** The URL prefix: {@code /api/v1} or {@code /apis/{group}/{version}}. */
    static String prefix(ResourceType type) {
        return type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
    }

    /** The path template of one object, e.g. {@code /api/v1/namespaces/{namespace}/configmaps/{name}}. */
    static String objectTemplate(ResourceType type) {
        return prefix(type) + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural() + "/{name}";
    }

    /** The OpenAPI v3 document key: {@code api/v1} or {@code apis/{group}/{version}}. */
    static String openApiKey(ResourceType type) {
        return prefix(type).substring(1);
    }
}
