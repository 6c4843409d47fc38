package io.gitops4j.core.render;

/**
 * Whether go-yaml v2 (through sigs.k8s.io/yaml, which Flux uses to turn each rendered object back into YAML before
 * it substitutes variables) writes a string as a plain, unquoted scalar in block context. Only then can a
 * substitution change the scalar's type: <code>replicas: ${REPLICAS}</code> becomes the number 3, while a string
 * go-yaml quotes or writes as a block stays a string.
 *
 * <p>The rules are libyaml's emitter rules: not plain when the string would read back as another type (a number, a
 * boolean, null, a sexagesimal number), spans lines, starts or ends with a blank, starts with an indicator ({@code
 * - ? :} followed by a blank, or one of {@code # , [ ] { } & * ! | > ' " % @ `}, or {@code ---} / {@code ...}),
 * holds {@code ": "} or {@code " #"}, ends with {@code :}, or holds a control character. Stateless and thread-safe.
 */
final class YamlPlainStyle {
    private static final String ALWAYS_INDICATORS = "#,[]{}&*!|>'\"%@`";
    /** YAML 1.1 sexagesimal floats, which go-yaml quotes although it reads them back as strings. */
    private static final java.util.regex.Pattern BASE60 =
            java.util.regex.Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");

    private YamlPlainStyle() {}

    /** @return whether {@code s} is written as a plain scalar in block context */
    static boolean isPlain(String s) {
        if (s.isEmpty() || !(YamlScalars.plain(s) instanceof String) || BASE60.matcher(s).matches()) {
            return false;
        }
        if (s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (isBlank(first) || isBlank(last) || ALWAYS_INDICATORS.indexOf(first) >= 0) {
            return false;
        }
        boolean blankAfterFirst = s.length() == 1 || isBlank(s.charAt(1));
        if ((first == '-' || first == '?' || first == ':') && blankAfterFirst) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF' || Character.isISOControl(c)) {
                return false;
            }
            boolean blankNext = i + 1 == s.length() || isBlank(s.charAt(i + 1));
            if (i > 0 && c == ':' && blankNext) {
                return false;
            }
            if (i > 0 && c == '#' && isBlank(s.charAt(i - 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
