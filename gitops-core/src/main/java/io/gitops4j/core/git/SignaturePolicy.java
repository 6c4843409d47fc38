package io.gitops4j.core.git;

import java.util.List;
import java.util.Objects;

/**
 * Which signature a revision must carry and which keys are trusted, chosen per Application (per {@code SourceSpec})
 * by the host. An unsigned revision, a bad signature or a key not listed fails with {@code SIGNATURE}.
 *
 * @param required where the signature must be
 * @param openPgpKeys ASCII-armored OpenPGP public keys (or key rings) trusted to sign
 * @param sshKeys SSH public keys trusted to sign, one per entry in {@code authorized_keys} form
 *     ({@code ssh-ed25519 AAAA… comment})
 */
public record SignaturePolicy(Required required, List<String> openPgpKeys, List<String> sshKeys) {
    /** Where a signature is required. */
    public enum Required {
        /** No check. */
        NONE,
        /** The commit the ref points at must be signed. */
        HEAD_COMMIT,
        /** The ref must be an annotated tag, signed. */
        TAG,
        /** Either the head commit or the annotated tag must be signed by a trusted key. */
        HEAD_COMMIT_OR_TAG
    }

    /** Validates and copies the parts. */
    public SignaturePolicy {
        Objects.requireNonNull(required, "required");
        openPgpKeys = List.copyOf(openPgpKeys);
        sshKeys = List.copyOf(sshKeys);
        if (required != Required.NONE && openPgpKeys.isEmpty() && sshKeys.isEmpty()) {
            throw new IllegalArgumentException("a signature policy needs at least one trusted key");
        }
    }

    /** @return no verification */
    public static SignaturePolicy none() {
        return new SignaturePolicy(Required.NONE, List.of(), List.of());
    }

    /** @return the head commit must be signed by one of these OpenPGP keys */
    public static SignaturePolicy headCommitOpenPgp(String... armoredKeys) {
        return new SignaturePolicy(Required.HEAD_COMMIT, List.of(armoredKeys), List.of());
    }

    /** @return the head commit must be signed by one of these SSH keys */
    public static SignaturePolicy headCommitSsh(String... publicKeys) {
        return new SignaturePolicy(Required.HEAD_COMMIT, List.of(), List.of(publicKeys));
    }

    /** @return this policy requiring the signature elsewhere */
    public SignaturePolicy withRequired(Required where) {
        return new SignaturePolicy(where, openPgpKeys, sshKeys);
    }

    /** @return true when something is checked */
    public boolean isRequired() {
        return required != Required.NONE;
    }
}
