package io.gitops4j.examples.serve.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials for the repositories whose URL starts with a prefix: an HTTPS token (sent as the password of
 * {@code username}, or as a bearer token) or an SSH key with its known_hosts file. Secrets are references only.
 *
 * @param urlPrefix the start of the repository URLs these credentials are for, such as {@code https://git.example.com/}
 * @param username the user name for HTTPS basic authentication (not a secret)
 * @param token where the HTTPS token or password is kept, if any
 * @param bearer send the token as {@code Authorization: Bearer} instead of basic authentication
 * @param sshKey where the SSH private key is kept, if any
 * @param knownHosts the known_hosts file SSH host keys are checked against (required with an SSH key)
 */
public record GitCredentialRule(String urlPrefix, String username, Optional<SecretRef> token, boolean bearer,
        Optional<SecretRef> sshKey, Optional<Path> knownHosts) {
    /** Validates that nothing is null. */
    public GitCredentialRule {
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(sshKey, "sshKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
    }

    /**
     * @param url the repository URL as {@code scheme://[user@]host[:port]/path}
     * @return true when the URL starts with the prefix at a path boundary ({@code https://git.example.com} is not a
     *     prefix of {@code https://git.example.com.evil.test/})
     */
    public boolean matches(String url) {
        if (!url.startsWith(urlPrefix)) {
            return false;
        }
        return urlPrefix.endsWith("/") || url.length() == urlPrefix.length() || url.charAt(urlPrefix.length()) == '/';
    }
}
