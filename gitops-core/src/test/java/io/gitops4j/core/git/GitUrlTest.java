package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.SourceException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitUrlTest {
    @ParameterizedTest
    @ValueSource(strings = {"ext::sh -c touch% /tmp/x", "ext::sh", "fd::3", "https://CANARY-TOKEN-1@example.com/r.git",
            "https://user:CANARY-TOKEN-1@example.com/r.git", "ssh://-oProxyCommand=x/r", "-oProxyCommand=x:r",
            "git@-oProxyCommand=x:r", "https://example.com/r.git --upload-pack=x", "https://example.com/r\n.git",
            "https://example.com/r.git?x=1", "https://example.com/r.git#frag", "file:///etc/repo", "ftp://example.com/r",
            "ssh://git@example.com/-r.git", "relative/path", "https://exa mple.com/r"})
    @DisplayName("GS-07 refused URLs are POLICY errors that never echo a token")
    void refused(String url) {
        assertThatThrownBy(() -> GitUrl.parse(url, false)).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.reason()).isEqualTo(SourceException.Reason.POLICY);
            assertThat(e.getMessage()).doesNotContain("CANARY-TOKEN");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/x.git%0aERROR%20forged", "https://example.com/x%0d.git",
            "https://example.com/x%00.git", "https://example.com/x%1b%5b2J.git", "https://example.com/x%c2%85y.git",
            "https://example.com/%e2%80%aegit.x", "https://example.com/x%e2%80%a8y.git", "ssh://a%0ab@example.com/r.git",
            "git://example.com/r%0a.git", "file:///srv/r%0a.git"})
    @DisplayName("GS-18 percent-encoded control, format and separator characters are refused; no message breaks")
    void percentEncodedControls(String url) {
        assertThatThrownBy(() -> GitUrl.parse(url, true)).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.reason()).isEqualTo(SourceException.Reason.POLICY);
            assertThat(UntrustedText.hasUnsafe(e.getMessage())).as("the message stays one plain line").isFalse();
        });
    }

    @Test
    @DisplayName("GS-18 percent-encoded printable characters (a space in a project name) are still accepted")
    void percentEncodedPrintable() {
        assertThat(GitUrl.parse("https://dev.azure.com/acme/My%20Project/_git/deploy", false).path())
                .isEqualTo("/acme/My Project/_git/deploy");
    }

    @Test
    void acceptedForms() {
        assertThat(GitUrl.parse("git@github.com:acme/deploy.git", false).toJGitUrl())
                .isEqualTo("ssh://git@github.com/acme/deploy.git");
        GitUrl https = GitUrl.parse("https://GitHub.com:443/acme/deploy.git/", false);
        assertThat(https.key()).isEqualTo(GitUrl.parse("https://github.com/acme/deploy", false).key());
        assertThat(https.mirrorName()).doesNotContain("github").endsWith(".git").hasSize(36);
        assertThat(GitUrl.parse("file:///srv/repo.git", true).toJGitUrl()).isEqualTo("file:///srv/repo.git");
        assertThat(GitUrl.parse("ssh://git@[::1]:2222/r.git", false).host()).isEqualTo("[::1]");
        assertThat(GitUrl.parse("ssh://git@example.com/r.git", false).toString()).doesNotContain("git@");
    }

    @Test
    @DisplayName("GS-08 the private-address policy refuses loopback, link-local, RFC 1918, ULA and CGNAT")
    void privateAddresses() throws Exception {
        UrlPolicy p = UrlPolicy.denyPrivateAddresses();
        GitUrl url = GitUrl.parse("https://example.com/r.git", false);
        for (String a : List.of("127.0.0.1", "::1", "169.254.169.254", "10.1.2.3", "192.168.1.1", "172.16.0.1",
                "fd00::1", "100.64.0.1", "0.0.0.0", "fe80::1")) {
            assertThat(p.check(url, List.of(InetAddress.getByName(a)))).as(a).isPresent();
        }
        assertThat(p.check(url, List.of(InetAddress.getByName("140.82.112.3")))).isEmpty();
        assertThat(UrlPolicy.schemes(java.util.Set.of("https")).check(GitUrl.parse("git://h/r", false), List.of()))
                .isPresent();
    }

    @Test
    @DisplayName("GS-07 scrubbing removes user info, secrets, auth headers and the cache path")
    void scrubber() {
        String raw = "https://alice:CANARY-TOKEN-9@host/r.git: not authorized, Authorization: Bearer abc.def "
                + "in /var/cache/gitops/abc.git\nremote: CANARY-TOKEN-9";
        String s = Scrubber.scrub(raw, new String[] {"CANARY-TOKEN-9"}, "/var/cache/gitops");
        assertThat(s).doesNotContain("CANARY").doesNotContain("alice").doesNotContain("abc.def")
                .doesNotContain("/var/cache").doesNotContain("\n").contains("https://host/r.git");
        assertThat(s).as("what is left is quoted (GS-19)").startsWith("\"").contains("\\nremote: ***\"");
    }
}
