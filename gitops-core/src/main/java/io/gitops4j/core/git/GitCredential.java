package io.gitops4j.core.git;

import java.util.Arrays;
import java.util.Objects;

/**
 * One credential for one repository, handed to a {@link GitSource} per operation by a {@link GitCredentials}
 * provider, so it can come from a vault and rotate. {@code toString()} never shows secret parts.
 */
public sealed interface GitCredential {
    /** @return the secret strings this credential carries, to scrub from any message */
    String[] secrets();

    /**
     * HTTPS basic authentication (also the form most forges accept a token in: user {@code x-access-token} or
     * {@code oauth2}, password = the token).
     *
     * @param username the user name
     * @param password the password or token
     */
    record UsernamePassword(String username, String password) implements GitCredential {
        /** Validates the parts. */
        public UsernamePassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String[] secrets() {
            return new String[] {password};
        }

        @Override
        public String toString() {
            return "UsernamePassword[" + username + ", ***]";
        }
    }

    /**
     * An HTTPS bearer token, sent as {@code Authorization: Bearer …} to the configured host only.
     *
     * @param token the token
     */
    record BearerToken(String token) implements GitCredential {
        /** Validates the token. */
        public BearerToken {
            Objects.requireNonNull(token, "token");
            if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("a bearer token is printable ASCII without spaces");
            }
        }

        @Override
        public String[] secrets() {
            return new String[] {token};
        }

        @Override
        public String toString() {
            return "BearerToken[***]";
        }
    }

    /**
     * An SSH private key (OpenSSH or PEM format; ed25519, RSA or ECDSA) and the known_hosts lines the server's key
     * is checked against (strictly: an unknown or changed host key is refused).
     *
     * @param privateKey the private key file content
     * @param passphrase the key's passphrase, or an empty array
     * @param knownHosts known_hosts lines for the servers
     */
    record SshKey(byte[] privateKey, char[] passphrase, String knownHosts) implements GitCredential {
        /** Validates and copies the parts. */
        public SshKey {
            privateKey = Objects.requireNonNull(privateKey, "privateKey").clone();
            passphrase = passphrase == null ? new char[0] : passphrase.clone();
            Objects.requireNonNull(knownHosts, "knownHosts");
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public char[] passphrase() {
            return passphrase.clone();
        }

        @Override
        public String[] secrets() {
            return passphrase.length == 0 ? new String[0] : new String[] {new String(passphrase)};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SshKey k && Arrays.equals(privateKey, k.privateKey)
                    && Arrays.equals(passphrase, k.passphrase) && knownHosts.equals(k.knownHosts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(privateKey);
        }

        @Override
        public String toString() {
            return "SshKey[***]";
        }
    }
}
