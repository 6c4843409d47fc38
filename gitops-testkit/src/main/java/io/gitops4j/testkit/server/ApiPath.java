package io.gitops4j.testkit.server;

import java.util.Optional;

/**
 * A parsed resource URL: {@code /api/v1/[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]} or
 * {@code /apis/{group}/{version}/[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]}.
 *
 * <p>{@code /api/v1/namespaces/{name}[/{subresource}]} addresses the cluster-scoped namespaces resource, as on a real
 * server.
 *
 * @param group       API group, empty for the core group
 * @param version     API version
 * @param namespace   namespace, empty for cluster-scoped or all-namespace requests
 * @param resource    resource plural
 * @param name        object name, empty for collection requests
 * @param subresource subresource, empty when none
 */
record ApiPath(String group, String version, String namespace, String resource, String name, String subresource) {

    /** Parses {@code path}; empty when it is not a resource URL (discovery paths included). */
    static Optional<ApiPath> parse(String path) {
        String[] raw = path.split("/", -1);
        // raw[0] is "" (leading slash)
        java.util.List<String> seg = new java.util.ArrayList<>();
        for (int i = 1; i < raw.length; i++) {
            if (raw[i].isEmpty() && i == raw.length - 1) {
                continue; // tolerate one trailing slash
            }
            seg.add(raw[i]);
        }
        if (seg.isEmpty() || seg.contains("")) {
            return Optional.empty();
        }
        int i;
        String group;
        String version;
        if (seg.get(0).equals("api") && seg.size() >= 3) {
            group = "";
            version = seg.get(1);
            i = 2;
        } else if (seg.get(0).equals("apis") && seg.size() >= 4) {
            group = seg.get(1);
            version = seg.get(2);
            i = 3;
        } else {
            return Optional.empty();
        }
        int rest = seg.size() - i;
        String namespace = "";
        boolean namespaceSubresource = rest == 3 && seg.get(i).equals("namespaces")
                && (seg.get(i + 2).equals("status") || seg.get(i + 2).equals("finalize"));
        if (seg.get(i).equals("namespaces") && rest >= 3 && !namespaceSubresource) {
            namespace = seg.get(i + 1);
            i += 2;
            rest -= 2;
        }
        String resource = seg.get(i);
        String name = rest >= 2 ? seg.get(i + 1) : "";
        String sub = rest >= 3 ? seg.get(i + 2) : "";
        if (rest > 3) {
            return Optional.empty();
        }
        if (namespace.isEmpty() && resource.equals("namespaces") && rest == 1) {
            return Optional.of(new ApiPath(group, version, "", resource, "", ""));
        }
        return Optional.of(new ApiPath(group, version, namespace, resource, name, sub));
    }

    /** The resource with its subresource, as counted in the request log ({@code deployments/status}). */
    String resourceKey() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
}
