package io.gitops4j.k8s.internal;

/**
 * Request paths of the Kubernetes REST API: {@code /api/v1/...} for the core group, {@code /apis/GROUP/VERSION/...}
 * otherwise, {@code namespaces/NS/} for namespaced resources. Names are used as they are: Kubernetes names cannot
 * hold {@code /} or characters a path must escape, and callers pass validated names only.
 */
public final class ObjectPaths {
    private ObjectPaths() {}

    /** @return the path of a collection: every namespace when {@code namespace} is empty */
    public static String collection(ServedKind kind, String group, String version, String namespace) {
        StringBuilder b = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (kind.namespaced() && !namespace.isEmpty()) {
            b.append("/namespaces/").append(namespace);
        }
        return b.append('/').append(kind.resource()).toString();
    }

    /** @return the path of one object */
    public static String object(ServedKind kind, String group, String version, String namespace, String name) {
        return collection(kind, group, version, namespace) + "/" + name;
    }
}
