package io.gitops4j.core.git;

/**
 * Text that came from outside (a Git server's error or reason phrase, content of a fetched repository) as it may
 * appear in a message: inside double quotes, with every character that could end the quote, break the line or
 * reorder what a reader sees escaped (GS-19). A server can then neither forge a log line of its own nor make its
 * words look like gitops4j's: whatever it sent stays one quoted string on the line it belongs to.
 *
 * <p>Escaped: {@code \} and {@code "} (as {@code \\} and {@code \"}), line feed, carriage return and tab ({@code \n},
 * {@code \r}, {@code \t}), and as {@code \}{@code uXXXX}: other control characters, format characters (bidirectional
 * overrides, zero-width characters), line and paragraph separators, and unpaired surrogates. Stateless.
 */
final class UntrustedText {
    private UntrustedText() {}

    /**
     * @param text the text, may be null (shown as {@code ""})
     * @param max how many characters of the text to keep; longer text is cut and marked with {@code …} after the
     *     closing quote
     * @return the quoted, escaped text
     */
    static String quote(String text, int max) {
        String s = text == null ? "" : text;
        boolean cut = s.length() > max;
        if (cut) {
            s = s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isSurrogate(c) && paired(s, i)) {
                        out.append(c).append(s.charAt(++i));
                    } else if (unsafe(c)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return cut ? out.append('…').toString() : out.toString();
    }

    /** @return true when the text holds a character {@link #quote} escapes, other than a backslash or a quote */
    static boolean hasUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) && paired(text, i)) {
                i++;
            } else if (unsafe(c) || c == '\n' || c == '\r' || c == '\t') {
                return true;
            }
        }
        return false;
    }

    private static boolean paired(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c);
    }
}
