package io.gitops4j.examples.serve.http;

/** How names taken from a request are quoted back in messages: printable ASCII only, at most 80 characters. */
final class Names {
    private static final int MAX = 80;

    private Names() {}

    /** @return the text with anything outside printable ASCII replaced by {@code ?}, cut at 80 characters */
    static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < MAX; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > MAX ? b + "…" : b.toString();
    }
}
