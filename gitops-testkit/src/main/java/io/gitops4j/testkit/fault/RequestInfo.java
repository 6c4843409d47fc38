package io.gitops4j.testkit.fault;

import java.util.Objects;

/**
 * What a fault rule sees of one request, over HTTP or through a faulty target.
 *
 * @param verb        the Kubernetes verb ({@code get}, {@code list}, {@code patch}, …) or the lower-case HTTP method
 *                    for non-resource paths
 * @param path        the request path ({@code /apis/apps/v1/namespaces/shop/deployments/web}); for target calls a
 *                    synthetic path of the same shape
 * @param group       API group, {@code ""} for the core group and non-resource paths
 * @param resource    resource plural ({@code deployments}), {@code ""} for non-resource paths
 * @param subresource subresource ({@code status}), usually {@code ""}
 * @param namespace   namespace, {@code ""} when cluster-scoped or across namespaces
 * @param name        object name, {@code ""} for collections
 */
public record RequestInfo(String verb, String path, String group, String resource, String subresource,
                          String namespace, String name) {

    public RequestInfo {
        Objects.requireNonNull(verb, "verb");
        path = path == null ? "" : path;
        group = group == null ? "" : group;
        resource = resource == null ? "" : resource;
        subresource = subresource == null ? "" : subresource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** The group-qualified resource as error messages print it: {@code configmaps}, {@code deployments.apps}. */
    public String groupResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    @Override
    public String toString() {
        return verb + " " + (path.isEmpty() ? groupResource() + " " + namespace + "/" + name : path);
    }
}
