package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeNavigatorTest {
    @ParameterizedTest
    @ValueSource(strings = {".git", ".GIT", ".Git", ".git.", ".git ", ".git\u200c", "\u200b.git", ".git\ufeff",
            "git~1", ".git::$INDEX_ALLOCATION", "..", ".", "", "a/b", "a\\b", "a\u0000b", "a\nb"})
    @DisplayName("GS-03 names that could be dangerous on some file system are unsafe")
    void unsafe(String name) {
        assertThat(TreeNavigator.unsafeName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {".gitignore", ".gitattributes", ".github", "git", "caf\u00e9.yaml", "...yaml", "a b"})
    void safe(String name) {
        assertThat(TreeNavigator.unsafeName(name)).isFalse();
    }

    @Test
    @DisplayName("GS-04 only a real LFS pointer is detected")
    void lfs() {
        assertThat(GitSnapshot.isLfsPointer(("version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 1\n")
                .getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(GitSnapshot.isLfsPointer("kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(GitSnapshot.isLfsPointer(new byte[0])).isFalse();
    }

    @Test
    void signedPayloadOfCommit() {
        String raw = "tree 1234\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n"
                + " \n abc\n -----END PGP SIGNATURE-----\n\nmessage\n";
        SignedPayload p = SignedPayload.ofCommit(raw.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(new String(p.payload(), StandardCharsets.UTF_8))
                .isEqualTo("tree 1234\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\n\nmessage\n");
        assertThat(p.signature()).startsWith("-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END");
        assertThat(SignedPayload.ofCommit("tree 1\n\nmsg\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        SignedPayload t = SignedPayload.ofTag(("object 1\ntag v1\n\nrelease\n-----BEGIN SSH SIGNATURE-----\nx\n")
                .getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(t.isSsh()).isTrue();
        assertThat(new String(t.payload(), StandardCharsets.UTF_8)).endsWith("release\n");
    }
}
