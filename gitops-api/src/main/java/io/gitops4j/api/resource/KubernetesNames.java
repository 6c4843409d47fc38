package io.gitops4j.api.resource;

import io.gitops4j.api.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The naming rules of the Kubernetes API, as its server enforces them. Every check throws {@link
 * InvalidSpecException} naming the field and the rule; none returns a value that could be null.
 */
public final class KubernetesNames {
    /** Total size limit of all annotation keys and values of one object, in bytes. */
    public static final int MAX_ANNOTATIONS_BYTES = 262_144;

    private KubernetesNames() {}

    /** A namespace name: a DNS-1123 label (at most 63 characters). */
    public static String requireNamespace(String value, String field) {
        return requireDns1123Label(value, field);
    }

    /** A DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63. */
    public static String requireDns1123Label(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > 63 || !isDns1123Label(value, 0, value.length())) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid DNS-1123 label "
                    + "(lower-case alphanumerics and '-', starting and ending with an alphanumeric, at most 63 characters)");
        }
        return value;
    }

    /** A DNS-1123 subdomain (most object names): dot-separated labels, at most 253 characters. */
    public static String requireDns1123Subdomain(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > 253
                || !isDns1123Subdomain(value, 0, value.length())) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid DNS-1123 subdomain "
                    + "(lower-case alphanumerics, '-' and '.', starting and ending with an alphanumeric, at most 253 characters)");
        }
        return value;
    }

    /**
     * An object name as the API accepts it for an arbitrary kind: non-empty, at most 253 characters, no '/', no '%',
     * not "." or "..". Stricter per-kind rules (DNS-1123) are the server's to apply.
     */
    public static String requireObjectName(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > 253 || value.equals(".") || value.equals("..")
                || value.indexOf('/') >= 0 || value.indexOf('%') >= 0 || hasControl(value)) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid object name "
                    + "(non-empty, at most 253 characters, no '/' or '%', not '.' or '..')");
        }
        return value;
    }

    /** An API group: empty (the core group) or a DNS-1123 subdomain. */
    public static String requireGroup(String value, String field) {
        if (value == null) {
            throw new InvalidSpecException(field, "must not be null (use \"\" for the core group)");
        }
        return value.isEmpty() ? value : requireDns1123Subdomain(value, field);
    }

    /** An API version such as {@code v1} or {@code v1beta1}. */
    public static String requireVersion(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > 63 || !isDns1123Label(value, 0, value.length())) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid API version");
        }
        return value;
    }

    /** A kind: a letter followed by letters and digits, such as {@code Deployment}. */
    public static String requireKind(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > 63 || !isKind(value)) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid kind");
        }
        return value;
    }

    /** A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63. */
    public static String requireQualifiedName(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new InvalidSpecException(field, "a qualified name must not be empty");
        }
        int slash = value.indexOf('/');
        String name = value;
        if (slash >= 0) {
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !isDns1123Subdomain(prefix, 0, prefix.length())) {
                throw new InvalidSpecException(field, "'" + printable(value) + "' has an invalid prefix "
                        + "(it must be a DNS-1123 subdomain)");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !isQualifiedPart(name)) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid qualified name "
                    + "(alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric, at most 63 characters after the prefix)");
        }
        return value;
    }

    /** A label value: empty, or at most 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
    public static String requireLabelValue(String value, String field) {
        if (value == null || value.length() > 63 || !(value.isEmpty() || isQualifiedPart(value))) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a valid label value "
                    + "(at most 63 alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric)");
        }
        return value;
    }

    /** Checks every key and value of a label map. */
    public static void requireLabels(Map<String, String> labels, String field) {
        labels.forEach((k, v) -> {
            requireQualifiedName(k, field + "[" + k + "]");
            requireLabelValue(v, field + "[" + k + "]");
        });
    }

    /** Checks every annotation key and the total size limit of {@value #MAX_ANNOTATIONS_BYTES} bytes. */
    public static void requireAnnotations(Map<String, String> annotations, String field) {
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            requireQualifiedName(e.getKey(), field + "[" + e.getKey() + "]");
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_ANNOTATIONS_BYTES) {
            throw new InvalidSpecException(field, "annotations are too long: " + total
                    + " bytes, must have at most " + MAX_ANNOTATIONS_BYTES + " bytes");
        }
    }

    // Hand-written matchers: these run for every key of every rendered object, where regular expressions cost more
    // than the rest of the key. Each states the expression it implements.

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} over {@code s[from, to)}. */
    static boolean isDns1123Label(String s, int from, int to) {
        if (to <= from || !lowerAlnum(s.charAt(from)) || !lowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (c != '-' && !lowerAlnum(c)) {
                return false;
            }
        }
        return true;
    }

    /** Labels as in {@link #isDns1123Label} joined by {@code .}, over {@code s[from, to)}. */
    static boolean isDns1123Subdomain(String s, int from, int to) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                if (!isDns1123Label(s, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** {@code [A-Za-z][A-Za-z0-9]*}. */
    static boolean isKind(String s) {
        if (s.isEmpty() || !letter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!letter(c) && !digit(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}. */
    static boolean isQualifiedPart(String s) {
        int n = s.length();
        if (n == 0 || !alnum(s.charAt(0)) || !alnum(s.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || digit(c);
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean alnum(char c) {
        return letter(c) || digit(c);
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Shortens and escapes a rejected value so it can be shown in a message. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < 80; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > 80 ? b + "…" : b.toString();
    }
}
