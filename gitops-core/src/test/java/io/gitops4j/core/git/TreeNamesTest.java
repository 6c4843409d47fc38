package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TreeNamesTest {
    static String decode(byte[] b) {
        return TreeNames.decode(b, 0, b.length);
    }

    @Test
    @DisplayName("GS-15 UTF-8 names decode as is; other bytes become lone surrogates and round-trip exactly")
    void roundTrip() {
        List<byte[]> names = List.of("plain.yaml".getBytes(StandardCharsets.UTF_8),
                "caf\u00e9.yaml".getBytes(StandardCharsets.UTF_8), "caf\u00e9.yaml".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xC3, 'a', (byte) 0xFF, (byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xED, (byte) 0xB2, (byte) 0x80}, "\u65e5\u672c.yaml".getBytes(StandardCharsets.UTF_8));
        for (byte[] raw : names) {
            String name = decode(raw);
            assertThat(TreeNames.encode(name)).isEqualTo(raw);
        }
        assertThat(decode("caf\u00e9".getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00e9");
        assertThat(decode("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("caf\udce9")
                .isNotEqualTo("caf\u00e9");
        assertThat(TreeNames.hasEscapes("caf\udce9")).isTrue();
        assertThat(TreeNames.hasEscapes("caf\u00e9")).isFalse();
    }

    @Test
    @DisplayName("GS-15 messages show escaped bytes as \\xHH")
    void shown() {
        assertThat(TreeNames.shown("d/caf\udce9.yaml")).isEqualTo("d/caf\\xE9.yaml");
        assertThat(TreeNavigator.shown("d/caf\udce9\u0007")).isEqualTo("d/caf\\xE9?");
    }

    @Test
    @DisplayName("GS-04 relative submodule URLs resolve against the superproject URL as a directory")
    void relativeSubmoduleUrls() {
        assertThat(SubmoduleMounts.relative("https://h/org/app.git", "../lib.git")).isEqualTo("https://h/org/lib.git");
        assertThat(SubmoduleMounts.relative("https://h/org/app.git/", "./sub.git")).isEqualTo("https://h/org/app.git/sub.git");
        assertThat(SubmoduleMounts.relative("ssh://git@h/a/b/app", "../../x/lib")).isEqualTo("ssh://git@h/a/x/lib");
        assertThat(SubmoduleMounts.relative("https://h/app.git", "../../lib.git")).startsWith("invalid:");
    }
}
