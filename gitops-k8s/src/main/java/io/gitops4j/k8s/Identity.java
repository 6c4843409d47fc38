package io.gitops4j.k8s;

import java.util.List;
import java.util.Objects;

/**
 * Who an Application's requests act as: the user (and groups) the target names in {@code Impersonate-User} and
 * {@code Impersonate-Group} headers, so the API server authorizes each write as that identity instead of the
 * target's own credentials. A tenant's Application can then do only what its account may (as Flux's
 * {@code serviceAccountName}). The target's own credentials need the {@code impersonate} verb on users, groups
 * (and {@code serviceaccounts}) for this to work.
 *
 * @param user the user name, such as {@code system:serviceaccount:shop:deployer}
 * @param groups the groups, possibly empty
 */
public record Identity(String user, List<String> groups) {
    /** @throws IllegalArgumentException for a blank user or group, or one holding a line break */
    public Identity {
        requireHeaderValue(user, "user");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        groups.forEach(g -> requireHeaderValue(g, "group"));
    }

    /** @return the identity of a user without groups */
    public static Identity user(String user) {
        return new Identity(user, List.of());
    }

    /**
     * @return the identity of a ServiceAccount as the API server names it: user
     *     {@code system:serviceaccount:NS:NAME}, groups {@code system:serviceaccounts} and
     *     {@code system:serviceaccounts:NS}
     */
    public static Identity serviceAccount(String namespace, String name) {
        requireHeaderValue(namespace, "namespace");
        requireHeaderValue(name, "name");
        return new Identity("system:serviceaccount:" + namespace + ":" + name,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace));
    }

    private static void requireHeaderValue(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " must be non-blank printable text");
        }
    }
}
