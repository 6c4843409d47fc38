package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.SignaturePolicy;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Commit and tag signatures: OpenPGP keys generated with BouncyCastle, SSH signatures made by ssh-keygen. */
class GitSignaturesIT extends GitFixturesPerClass {
    static PgpTestKey trusted;
    static PgpTestKey stranger;

    @BeforeAll
    static void setUp() {
        trusted = PgpTestKey.generate("Deployer <deploy@example.com>");
        stranger = PgpTestKey.generate("Mallory <m@example.com>");
    }

    static GitSource source(SignaturePolicy policy) {
        return GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .signatures(spec -> spec.path().equals("unsigned-ok") ? SignaturePolicy.none() : policy).build();
    }

    @Test
    @DisplayName("OpenPGP: trusted signed head commit resolves; unsigned, untrusted or tampered is SIGNATURE")
    void openPgpCommits() {
        TestRepo repo = git.repo("pgp");
        repo.commit("signed").add("a.yaml", "a: 1\n").signedBy(trusted).create();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
        try (GitSource source = source(SignaturePolicy.headCommitOpenPgp(trusted.armoredPublicKey()))) {
            Revision good = source.resolve(spec);
            try (Snapshot s = source.open(spec, good)) {
                assertThat(s.read("a.yaml")).isNotEmpty();
            }
            repo.commit("unsigned").add("b.yaml", "b\n").create();
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
            assertThat(e.getMessage()).contains("not signed");
            repo.commit("by a stranger").add("c.yaml", "c\n").signedBy(stranger).create();
            e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
            assertThat(e.getMessage()).contains("not trusted");
            repo.commit("forged").add("d.yaml", "d\n").signedBy(payload -> trusted.sign("other content".getBytes()))
                    .create();
            e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
            assertThat(e.getMessage()).contains("does not match");
            try (Snapshot s = source.open(spec, good)) {
                assertThat(s.read("a.yaml")).as("the last good revision stays openable").isNotEmpty();
            }
            assertThat(source.resolve(spec.withPath("unsigned-ok")).isResolved()).as("policy is per spec").isTrue();
        }
    }

    @Test
    @DisplayName("OpenPGP: a signed annotated tag satisfies the TAG policy; a lightweight tag does not")
    void openPgpTags() {
        TestRepo repo = git.repo("pgp-tags");
        String c = repo.commit("unsigned commit").add("a.yaml", "a\n").create();
        repo.annotatedTag("v1.0.0", c, "release", trusted);
        repo.annotatedTag("v1.0.1", c, "release", null);
        repo.tag("v1.0.2", c);
        SignaturePolicy policy = SignaturePolicy.headCommitOpenPgp(trusted.armoredPublicKey())
                .withRequired(SignaturePolicy.Required.HEAD_COMMIT_OR_TAG);
        try (GitSource source = source(policy)) {
            assertThat(source.resolve(SourceSpec.git(repo.fileUrl(), "tag:v1.0.0", "")).id()).isEqualTo(c);
            assertThat(fails(() -> source.resolve(SourceSpec.git(repo.fileUrl(), "tag:v1.0.1", ""))).reason())
                    .isEqualTo(Reason.SIGNATURE);
            assertThat(fails(() -> source.resolve(SourceSpec.git(repo.fileUrl(), "tag:v1.0.2", ""))).getMessage())
                    .contains("not an annotated tag");
        }
    }

    @Test
    @DisplayName("SSH signatures (ssh-keygen -Y sign): ed25519, ECDSA and RSA keys trusted; another key refused")
    void sshCommits() {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            SshTestKey key = SshTestKey.generate(git.newDirectory("sshsig"), type);
            SshTestKey other = SshTestKey.generate(git.newDirectory("sshsig"), type);
            TestRepo repo = git.repo("ssh-" + type);
            repo.commit("signed").add("a.yaml", "a\n").signedBy(key).create();
            SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
            try (GitSource source = source(SignaturePolicy.headCommitSsh(key.publicKey()))) {
                assertThat(source.resolve(spec).isResolved()).as(type).isTrue();
                repo.commit("other").add("b.yaml", "b\n").signedBy(other).create();
                SourceException e = fails(() -> source.resolve(spec));
                assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
                assertThat(e.getMessage()).contains("not trusted");
            }
        }
    }
}
