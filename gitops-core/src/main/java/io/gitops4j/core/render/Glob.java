package io.gitops4j.core.render;

import java.util.regex.Pattern;

/**
 * A path glob over forward-slash paths: {@code *} matches within one segment, {@code **} across segments ({@code
 * **}{@code /} also matches no directory), {@code ?} one character, <code>{a,b}</code> alternatives, {@code [..]}
 * character classes. The same on every platform. Immutable.
 */
final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException for an unbalanced brace or bracket */
    static Glob of(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*':
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                    break;
                case '?':
                    re.append("[^/]");
                    break;
                case '{':
                    braces++;
                    re.append("(?:");
                    break;
                case '}':
                    if (braces == 0) {
                        throw new IllegalArgumentException("unbalanced '}' in glob " + glob);
                    }
                    braces--;
                    re.append(')');
                    break;
                case ',':
                    re.append(braces > 0 ? "|" : ",");
                    break;
                case '[': {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unbalanced '[' in glob " + glob);
                    }
                    String body = glob.substring(i + 1, end).replace("\\", "\\\\");
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    re.append('[').append(body).append(']');
                    i = end;
                    break;
                }
                default:
                    re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced '{' in glob " + glob);
        }
        return new Glob(glob, Pattern.compile(re.toString()));
    }

    /** @return true when the whole relative path matches */
    boolean matches(String relativePath) {
        return pattern.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
