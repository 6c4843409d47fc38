package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.KindInfo;
import java.util.Objects;
import java.util.Set;

/**
 * A kind as discovery reports it: the public {@link KindInfo} plus what requests need beyond it.
 *
 * @param info group, kind, resource, scope, served versions (preferred first), verbs
 * @param subresources the served subresources, such as {@code status} and {@code scale}
 */
public record ServedKind(KindInfo info, Set<String> subresources) {
    /** Copies the subresources. */
    public ServedKind {
        Objects.requireNonNull(info, "info");
        subresources = Set.copyOf(subresources);
    }

    /** @return the resource (plural) name */
    public String resource() {
        return info.resource();
    }

    /** @return whether objects of the kind live in a namespace */
    public boolean namespaced() {
        return info.namespaced();
    }
}
