package io.gitops4j.api.resource;

import io.gitops4j.api.GitOpsException;

/** Two manifests of one desired state have the same identity. The message names the key and both origins. */
public class DuplicateResourceException extends GitOpsException {
    private static final long serialVersionUID = 1L;
    private final transient ResourceKey key;
    private final transient Origin first;
    private final transient Origin second;

    /** @param key the duplicated key; @param first where it appeared first; @param second where again */
    public DuplicateResourceException(ResourceKey key, Origin first, Origin second) {
        super(key.displayName() + ": defined twice, in " + first + " and in " + second);
        this.key = key;
        this.first = first;
        this.second = second;
    }

    /** @return the duplicated key */
    public ResourceKey key() {
        return key;
    }

    /** @return where the key appeared first */
    public Origin first() {
        return first;
    }

    /** @return where it appeared again */
    public Origin second() {
        return second;
    }
}
