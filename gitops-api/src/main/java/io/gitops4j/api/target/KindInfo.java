package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.resource.GroupKind;
import java.util.List;
import java.util.Set;

/**
 * What a cluster serves for one kind, as discovery reports it.
 *
 * @param kind the group and kind
 * @param resource the resource (plural) name in request paths, such as {@code deployments}
 * @param namespaced whether objects of the kind live in a namespace
 * @param versions the served versions, the preferred one first; never empty
 * @param verbs the verbs the server allows on the resource ({@code get}, {@code list}, {@code watch},
 *     {@code patch}, {@code delete}, …)
 */
public record KindInfo(GroupKind kind, String resource, boolean namespaced, List<String> versions,
        Set<String> verbs) {
    /** Copies collections; @throws InvalidSpecException when no version is served */
    public KindInfo {
        Checks.notNull(kind, "kind");
        Checks.notBlank(resource, "resource");
        versions = List.copyOf(Checks.notNull(versions, "versions"));
        if (versions.isEmpty()) {
            throw new InvalidSpecException("versions", kind + " must be served in at least one version");
        }
        verbs = Set.copyOf(Checks.notNull(verbs, "verbs"));
    }

    /** @return the version the server prefers */
    public String preferredVersion() {
        return versions.get(0);
    }

    /** @return true when the server serves the kind in {@code version} */
    public boolean serves(String version) {
        return versions.contains(version);
    }

    /** @return true when the server allows {@code verb} on the resource */
    public boolean allows(String verb) {
        return verbs.contains(verb);
    }
}
