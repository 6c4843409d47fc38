package io.gitops4j.api.resource;

import io.gitops4j.api.Checks;

/**
 * A kind within its API group, independent of the version: {@code Deployment.apps}, {@code ConfigMap} (core).
 *
 * @param group the API group, {@code ""} for the core group
 * @param kind the kind, such as {@code Deployment}
 */
public record GroupKind(String group, String kind) implements Comparable<GroupKind> {
    /** @throws io.gitops4j.api.InvalidSpecException for an invalid group or kind */
    public GroupKind {
        KubernetesNames.requireGroup(Checks.notNull(group, "group"), "group");
        KubernetesNames.requireKind(kind, "kind");
    }

    /** The group and kind of an {@code apiVersion} ({@code apps/v1} or {@code v1}) and kind. */
    public static GroupKind of(String apiVersion, String kind) {
        Checks.notNull(apiVersion, "apiVersion");
        int slash = apiVersion.indexOf('/');
        return new GroupKind(slash < 0 ? "" : apiVersion.substring(0, slash), kind);
    }

    /** @return true for the core group ({@code ""}) */
    public boolean isCore() {
        return group.isEmpty();
    }

    /** @return {@code Kind} for the core group, else {@code Kind.group}, as kubectl prints it */
    @Override
    public String toString() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    @Override
    public int compareTo(GroupKind o) {
        int c = group.compareTo(o.group);
        return c != 0 ? c : kind.compareTo(o.kind);
    }
}
