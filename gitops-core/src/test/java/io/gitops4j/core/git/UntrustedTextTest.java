package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GS-19: outside text is one quoted string in a message, whatever characters it holds. */
class UntrustedTextTest {
    @Test
    @DisplayName("GS-19 quotes, backslashes, line breaks, C0/C1 controls, bidi overrides and separators are escaped")
    void escapes() {
        assertThat(UntrustedText.quote("plain text", 100)).isEqualTo("\"plain text\"");
        assertThat(UntrustedText.quote("a\"b\\c", 100)).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(UntrustedText.quote("x\ny\rz\tw", 100)).isEqualTo("\"x\\ny\\rz\\tw\"");
        assertThat(UntrustedText.quote("\u001b[31mred\u0085next\u202eevil\u2028line\u200bzw", 100))
                .isEqualTo("\"\\u001B[31mred\\u0085next\\u202Eevil\\u2028line\\u200Bzw\"");
        assertThat(UntrustedText.quote("caf\u00e9 \uD83D\uDE00", 100)).as("printable text and emoji stay")
                .isEqualTo("\"caf\u00e9 \uD83D\uDE00\"");
        assertThat(UntrustedText.quote("lone \uDC80 surrogate", 100)).isEqualTo("\"lone \\uDC80 surrogate\"");
        assertThat(UntrustedText.quote(null, 10)).isEqualTo("\"\"");
    }

    @Test
    @DisplayName("GS-19 long text is cut outside the quotes, never inside an escape or a surrogate pair")
    void cut() {
        assertThat(UntrustedText.quote("abcdef", 3)).isEqualTo("\"abc\"…");
        assertThat(UntrustedText.quote("ab\uD83D\uDE00", 3)).isEqualTo("\"ab\"…");
        assertThat(UntrustedText.quote("ab\n", 3)).isEqualTo("\"ab\\n\"");
    }

    @Test
    @DisplayName("GS-18 hasUnsafe finds what would break or reorder a line, and nothing else")
    void hasUnsafe() {
        assertThat(UntrustedText.hasUnsafe("/acme/My Project/repo.git")).isFalse();
        assertThat(UntrustedText.hasUnsafe("/acme/caf\u00e9\uD83D\uDE00")).isFalse();
        for (String bad : new String[] {"a\nb", "a\u0000b", "a\u0085b", "a\u202eb", "a\u2029b", "a\uDC80b"}) {
            assertThat(UntrustedText.hasUnsafe(bad)).as(bad).isTrue();
        }
    }
}
