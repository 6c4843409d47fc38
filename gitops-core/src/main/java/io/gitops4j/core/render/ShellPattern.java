package io.gitops4j.core.render;

/**
 * The glob patterns of the substitution operators {@code #}, {@code ##}, {@code %} and {@code %%}
 * ({@link SubstitutionExpander}): {@code *} matches any run of characters ({@code /} included), {@code ?} any one
 * character, {@code [abc]}, {@code [a-z]} and {@code [^a-z]} (or {@code [!a-z]}) a character class, {@code \x} the
 * character {@code x}. A malformed pattern (an unclosed class) matches nothing, so the value stays as it is. As in
 * Flux, only non-empty prefixes and suffixes are removed. Stateless and thread-safe.
 */
final class ShellPattern {
    private ShellPattern() {}

    /** @return {@code value} without its shortest (or longest) non-empty prefix matching {@code pattern} */
    static String removePrefix(String value, String pattern, boolean longest) {
        if (longest) {
            for (int end = value.length(); end > 0; end--) {
                if (matches(pattern, value.substring(0, end))) {
                    return value.substring(end);
                }
            }
        } else {
            for (int end = 1; end <= value.length(); end++) {
                if (matches(pattern, value.substring(0, end))) {
                    return value.substring(end);
                }
            }
        }
        return value;
    }

    /** @return {@code value} without its shortest (or longest) non-empty suffix matching {@code pattern} */
    static String removeSuffix(String value, String pattern, boolean longest) {
        if (longest) {
            for (int start = 0; start < value.length(); start++) {
                if (matches(pattern, value.substring(start))) {
                    return value.substring(0, start);
                }
            }
        } else {
            for (int start = value.length() - 1; start >= 0; start--) {
                if (matches(pattern, value.substring(start))) {
                    return value.substring(0, start);
                }
            }
        }
        return value;
    }

    /**
     * @return whether the whole of {@code text} matches {@code pattern}; in O(pattern × text) time (on a mismatch
     *     only the last {@code *} is retried), so no pattern makes it take exponential time
     */
    static boolean matches(String pattern, String text) {
        int pi = 0;
        int ti = 0;
        int starP = -1;
        int starT = -1;
        while (ti < text.length()) {
            if (pi < pattern.length() && pattern.charAt(pi) == '*') {
                starP = ++pi;
                starT = ti;
                continue;
            }
            int next = pi < pattern.length() ? step(pattern, pi, text.charAt(ti)) : NO_MATCH;
            if (next == MALFORMED) {
                return false;
            }
            if (next != NO_MATCH) {
                pi = next;
                ti++;
            } else if (starP >= 0) {
                pi = starP;
                ti = ++starT;
            } else {
                return false;
            }
        }
        while (pi < pattern.length() && pattern.charAt(pi) == '*') {
            pi++;
        }
        return pi == pattern.length();
    }

    private static final int NO_MATCH = -1;
    private static final int MALFORMED = -2;

    /** Matches the one element of the pattern at {@code pi} against {@code x}; @return the next element's index. */
    private static int step(String p, int pi, char x) {
        char c = p.charAt(pi);
        if (c == '?') {
            return pi + 1;
        }
        if (c == '[') {
            int end = classEnd(p, pi);
            if (end < 0) {
                return MALFORMED;
            }
            return inClass(p, pi + 1, end, x) ? end + 1 : NO_MATCH;
        }
        if (c == '\\' && pi + 1 < p.length()) {
            return p.charAt(pi + 1) == x ? pi + 2 : NO_MATCH;
        }
        return c == x ? pi + 1 : NO_MATCH;
    }

    /** @return the index of the {@code ]} closing the class opened at {@code open}, or -1 */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '^' || p.charAt(i) == '!')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean inClass(String p, int from, int end, char x) {
        boolean negated = p.charAt(from) == '^' || p.charAt(from) == '!';
        int i = negated ? from + 1 : from;
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char lo = p.charAt(i);
            if (lo == '\\' && i + 1 < end) {
                lo = p.charAt(++i);
            } else if (lo == ']' && !first) {
                break;
            }
            first = false;
            i++;
            char hi = lo;
            if (i + 1 < end && p.charAt(i) == '-') {
                hi = p.charAt(i + 1);
                if (hi == '\\' && i + 2 < end) {
                    hi = p.charAt(i + 2);
                    i++;
                }
                i += 2;
            }
            if (lo <= x && x <= hi) {
                found = true;
            }
        }
        return found != negated;
    }
}
