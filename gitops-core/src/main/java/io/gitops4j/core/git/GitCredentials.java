package io.gitops4j.core.git;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Supplies the credential for a repository, asked once per network operation (so rotated secrets are picked up).
 * Implementations must be thread-safe; returning empty means "anonymous".
 */
@FunctionalInterface
public interface GitCredentials {
    /** @return the credential to present to this repository, or empty */
    Optional<GitCredential> forUrl(GitUrl url);

    /** @return anonymous access everywhere */
    static GitCredentials none() {
        return url -> Optional.empty();
    }

    /** @return the same credential for every repository on {@code host} (any port), anonymous elsewhere */
    static GitCredentials forHost(String host, Supplier<? extends GitCredential> credential) {
        return url -> url.host().equalsIgnoreCase(host) ? Optional.of(credential.get()) : Optional.empty();
    }

    /** @return the same credential for every repository */
    static GitCredentials always(Supplier<? extends GitCredential> credential) {
        return url -> Optional.of(credential.get());
    }
}
