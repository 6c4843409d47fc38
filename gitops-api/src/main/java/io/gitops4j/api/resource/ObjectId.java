package io.gitops4j.api.resource;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.util.Comparator;

/**
 * The identity of one Kubernetes object: group, kind, namespace and name — no API version. The API server stores
 * one object however many versions it serves it in, so {@code apps/v1} and {@code apps/v1beta2} Deployments of one
 * name are one {@code ObjectId}. Inventories, plans and caches key objects by this; {@link ResourceKey} adds the
 * version an object is read or written in.
 *
 * <p>The stable text form ({@link #toString()}, read back by {@link #parse(String)}) is four fields joined by
 * {@code /}: {@code group/kind/namespace/name}, with the empty core group and the empty namespace of a
 * cluster-scoped object left empty — {@code apps/Deployment/shop/web}, {@code /ConfigMap/shop/settings},
 * {@code /Namespace//shop}.
 *
 * @param group the API group, {@code ""} for the core group
 * @param kind the kind
 * @param namespace the namespace, {@code ""} for a cluster-scoped object
 * @param name the object name
 */
public record ObjectId(String group, String kind, String namespace, String name) implements Comparable<ObjectId> {
    private static final Comparator<ObjectId> ORDER = Comparator.comparing(ObjectId::group)
            .thenComparing(ObjectId::kind)
            .thenComparing(ObjectId::namespace)
            .thenComparing(ObjectId::name);

    /** @throws InvalidSpecException naming the field that breaks the Kubernetes rules */
    public ObjectId {
        KubernetesNames.requireGroup(Checks.notNull(group, "group"), "group");
        KubernetesNames.requireKind(kind, "kind");
        Checks.notNull(namespace, "namespace");
        if (!namespace.isEmpty()) {
            KubernetesNames.requireNamespace(namespace, "namespace");
        }
        KubernetesNames.requireObjectName(name, "name");
    }

    /** @return the identity of an object of {@code kind} */
    public static ObjectId of(GroupKind kind, String namespace, String name) {
        Checks.notNull(kind, "kind");
        return new ObjectId(kind.group(), kind.kind(), namespace, name);
    }

    /**
     * Reads the stable text form written by {@link #toString()}.
     *
     * @throws InvalidSpecException when the text does not have four fields or a field is invalid
     */
    public static ObjectId parse(String text) {
        Checks.notNull(text, "text");
        String[] parts = text.split("/", -1);
        if (parts.length != 4) {
            throw new InvalidSpecException("objectId", "'" + KubernetesNames.printable(text)
                    + "' is not group/kind/namespace/name");
        }
        return new ObjectId(parts[0], parts[1], parts[2], parts[3]);
    }

    /** @return the group and kind */
    public GroupKind groupKind() {
        return new GroupKind(group, kind);
    }

    /** @return true when the namespace is empty */
    public boolean isClusterScoped() {
        return namespace.isEmpty();
    }

    /** @return the key of this object in one API version */
    public ResourceKey inVersion(String version) {
        return new ResourceKey(group, version, kind, namespace, name);
    }

    /** @return a human form such as {@code Deployment.apps shop/web} or {@code Namespace shop} */
    public String displayName() {
        return groupKind() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }

    /** @return the stable text form {@code group/kind/namespace/name} */
    @Override
    public String toString() {
        return group + "/" + kind + "/" + namespace + "/" + name;
    }

    /** Orders by group, kind, namespace, then name. */
    @Override
    public int compareTo(ObjectId o) {
        return ORDER.compare(this, o);
    }
}
