package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BoundedHttpTest {
    static final GitUrl HTTPS = GitUrl.parse("https://git.example.com/team/repo.git", false);
    static final GitUrl HTTP = GitUrl.parse("http://git.example.com:8080/team/repo.git", false);

    @Test
    @DisplayName("GS-06 a redirect from https to http is named a downgrade")
    void downgrade() {
        assertThat(BoundedHttp.classify(HTTPS, "http://git.example.com/team/repo.git/info/refs"))
                .startsWith("a downgrade from https to http");
        assertThat(BoundedHttp.classify(HTTPS, "ftp://git.example.com/x")).startsWith("a downgrade");
    }

    @Test
    @DisplayName("GS-06 redirects to another host, port, scheme or path are told apart; user info is never shown")
    void otherTargets() {
        assertThat(BoundedHttp.classify(HTTPS, "https://user:CANARY-TOKEN-1@evil.example/x"))
                .isEqualTo("a redirect to another host").doesNotContain("CANARY");
        assertThat(BoundedHttp.classify(HTTP, "http://git.example.com:8081/team/repo.git"))
                .isEqualTo("a redirect to another scheme or port on the same host");
        assertThat(BoundedHttp.classify(HTTP, "https://git.example.com:8080/team/repo.git"))
                .isEqualTo("a redirect to another scheme or port on the same host");
        assertThat(BoundedHttp.classify(HTTP, "/other/repo.git")).isEqualTo("a redirect to another path on the same host");
        assertThat(BoundedHttp.classify(HTTP, null)).isEqualTo("a redirect without a usable location");
        assertThat(BoundedHttp.classify(HTTP, "http://[bad")).isEqualTo("a redirect to an invalid location");
    }
}
