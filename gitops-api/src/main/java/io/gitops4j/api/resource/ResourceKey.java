package io.gitops4j.api.resource;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.util.Comparator;

/**
 * The identity of one Kubernetes object: group, version, kind, namespace and name. Cluster-scoped when the
 * namespace is empty.
 *
 * <p>The stable text form ({@link #toString()}, read back by {@link #parse(String)}) is always five fields joined
 * by {@code /}: {@code group/version/kind/namespace/name}, with the empty core group and the empty namespace of a
 * cluster-scoped object left empty — {@code apps/v1/Deployment/shop/web}, {@code /v1/ConfigMap/shop/settings},
 * {@code /v1/Namespace//shop}. Names cannot contain {@code /}, so the form is unambiguous.
 *
 * <p>Equality includes the version: a key says how an object is read or written. The object's identity, the same
 * in every version the server serves it in, is {@link #id()}.
 *
 * @param group the API group, {@code ""} for the core group
 * @param version the API version, such as {@code v1}
 * @param kind the kind
 * @param namespace the namespace, {@code ""} for a cluster-scoped object
 * @param name the object name
 */
public record ResourceKey(String group, String version, String kind, String namespace, String name)
        implements Comparable<ResourceKey> {

    private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::group)
            .thenComparing(ResourceKey::kind)
            .thenComparing(ResourceKey::namespace)
            .thenComparing(ResourceKey::name)
            .thenComparing(ResourceKey::version);

    /** @throws InvalidSpecException naming the field that breaks the Kubernetes rules */
    public ResourceKey {
        KubernetesNames.requireGroup(Checks.notNull(group, "group"), "group");
        KubernetesNames.requireVersion(version, "version");
        KubernetesNames.requireKind(kind, "kind");
        Checks.notNull(namespace, "namespace");
        if (!namespace.isEmpty()) {
            KubernetesNames.requireNamespace(namespace, "namespace");
        }
        KubernetesNames.requireObjectName(name, "name");
    }

    /** A key from an {@code apiVersion} ({@code apps/v1} or {@code v1}), kind, namespace ({@code ""}) and name. */
    public static ResourceKey of(String apiVersion, String kind, String namespace, String name) {
        Checks.notNull(apiVersion, "apiVersion");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceKey(group, version, kind, namespace, name);
    }

    /**
     * Reads the stable text form written by {@link #toString()}.
     *
     * @throws InvalidSpecException when the text does not have five fields or a field is invalid
     */
    public static ResourceKey parse(String text) {
        Checks.notNull(text, "text");
        String[] parts = text.split("/", -1);
        if (parts.length != 5) {
            throw new InvalidSpecException("resourceKey", "'" + KubernetesNames.printable(text)
                    + "' is not group/version/kind/namespace/name");
        }
        return new ResourceKey(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    /** @return {@code group/version}, or {@code version} for the core group */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** @return the group and kind of this key */
    public GroupKind groupKind() {
        return new GroupKind(group, kind);
    }

    /** @return true when the namespace is empty */
    public boolean isClusterScoped() {
        return namespace.isEmpty();
    }

    /** @return this key with another namespace ({@code ""} for cluster-scoped) */
    public ResourceKey withNamespace(String newNamespace) {
        return new ResourceKey(group, version, kind, newNamespace, name);
    }

    /** @return the object's identity, without the version */
    public ObjectId id() {
        return new ObjectId(group, kind, namespace, name);
    }

    /** @return a human form such as {@code Deployment.apps shop/web} or {@code Namespace shop} */
    public String displayName() {
        return groupKind() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }

    /** @return the stable text form {@code group/version/kind/namespace/name} */
    @Override
    public String toString() {
        return group + "/" + version + "/" + kind + "/" + namespace + "/" + name;
    }

    /** Orders by group, kind, namespace, name, then version. */
    @Override
    public int compareTo(ResourceKey o) {
        return ORDER.compare(this, o);
    }
}
