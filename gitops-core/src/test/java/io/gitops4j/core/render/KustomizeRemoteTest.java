package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Remote references: what counts as remote, and allow-list comparison after normalisation (RD-26). */
class KustomizeRemoteTest {
    private static boolean within(String entry, String allowed) {
        return KustomizeRemote.parse(entry).orElseThrow().within(KustomizeRemote.parse(allowed).orElseThrow());
    }

    @Test
    @DisplayName("RD-26 every form kustomize 5 fetches is remote; paths in the tree are not")
    void classification() {
        for (String remote : List.of("https://github.com/acme/base", "http://h/x", "ssh://h/x", "file:///srv/repo",
                "git::https://h/x", "gh:acme/base", "git@github.com:acme/base", "alice@host:repo",
                "alice@host:org/repo", "host:org/repo", "github.com/acme/base", "GitHub.com/acme/base",
                "HTTPS://h/x", "https://h/x.yaml")) {
            assertThat(KustomizeRemote.isRemote(remote)).as(remote).isTrue();
        }
        for (String local : List.of("../base", "base", "./cm.yaml", "a/b@c/d.yaml", "x/host:path", "config.d/a.yaml",
                "gitlab.example.com/acme/base")) {
            assertThat(KustomizeRemote.isRemote(local)).as(local).isFalse();
        }
    }

    @Test
    @DisplayName("RD-26 an entry is within an allowed base only after the normalisation git applies")
    void allowListAfterNormalisation() {
        String allowed = "https://git.example.com/acme/";
        assertThat(within("https://git.example.com/acme/base.git//app?ref=v1", allowed)).isTrue();
        assertThat(within("https://user:token@GIT.example.com:443/acme/base", allowed)).isTrue();
        assertThat(within("git::https://git.example.com/acme/base", allowed)).isTrue();
        for (String outside : List.of("https://git.example.com/acme/../evil/base.git",
                "https://git.example.com/acme/%2e%2E/evil", "https://git.example.com/acme/./../evil",
                "https://git.example.com/acme-evil/base", "http://git.example.com/acme/base",
                "https://git.example.com:8443/acme/base", "https://git.example.com.evil.io/acme/base",
                "https://git.example.com@evil.io/acme/base")) {
            assertThat(within(outside, allowed)).as(outside).isFalse();
        }
        assertThat(within("alice@git.example.com:acme/base", "ssh://git.example.com/acme")).isTrue();
        assertThat(within("alice@evil.io:acme/base", "ssh://git.example.com/acme")).isFalse();
        assertThat(within("github.com/acme/base", "https://github.com/acme")).isTrue();
        assertThat(KustomizeRemote.parse("https://h/a\\..\\b")).isEmpty();
    }

    @Test
    @DisplayName("RD-26 git may use only the transports of allowed bases; with none, no transport and no proxy")
    void fetchEnvironment() {
        Map<String, String> none = KustomizeRemote.fetchEnvironment(List.of());
        assertThat(none).containsEntry("GIT_ALLOW_PROTOCOL", "none").containsEntry("HTTPS_PROXY",
                "http://127.0.0.1:9").containsEntry("GIT_CONFIG_NOSYSTEM", "1");
        Map<String, String> some = KustomizeRemote.fetchEnvironment(List.of("https://h/acme/", "git@h:acme/"));
        assertThat(some).containsEntry("GIT_ALLOW_PROTOCOL", "https:ssh").doesNotContainKey("HTTPS_PROXY");
    }
}
