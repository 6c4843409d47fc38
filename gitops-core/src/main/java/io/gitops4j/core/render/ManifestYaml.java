package io.gitops4j.core.render;

import io.gitops4j.api.resource.Manifest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes manifests as YAML that kubectl reads back to the same objects: block style, keys sorted (as {@code kubectl
 * kustomize} prints them), a string left unquoted only when kubectl's typing ({@link YamlScalars}) reads it back as
 * that same string, otherwise double-quoted with JSON escapes. Stateless and thread-safe.
 */
public final class ManifestYaml {
    private static final Pattern PLAIN_SAFE = Pattern.compile(
            "(?!.*: )(?!.* #)[A-Za-z0-9_./][A-Za-z0-9 _./@+=:#-]*(?<![ :])");

    private ManifestYaml() {}

    /** @return the manifests as a multi-document stream, {@code ---} between documents; {@code ""} for none */
    public static String documents(List<Manifest> manifests) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < manifests.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            writeMap(manifests.get(i).tree(), 0, out);
        }
        return out.toString();
    }

    private static void writeMap(Map<?, ?> map, int indent, StringBuilder out) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put((String) k, v));
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            out.append(" ".repeat(indent)).append(key(e.getKey())).append(':');
            writeValueAfterKey(e.getValue(), indent, out);
        }
    }

    private static void writeValueAfterKey(Object value, int indent, StringBuilder out) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            out.append('\n');
            writeMap((Map<?, ?>) value, indent + 2, out);
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            out.append('\n');
            writeList((List<?>) value, indent, out);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static void writeList(List<?> list, int indent, StringBuilder out) {
        for (Object item : list) {
            out.append(" ".repeat(indent)).append("- ");
            if (item instanceof Map && !((Map<?, ?>) item).isEmpty()) {
                StringBuilder nested = new StringBuilder();
                writeMap((Map<?, ?>) item, indent + 2, nested);
                out.append(nested.substring(indent + 2));
            } else if (item instanceof List && !((List<?>) item).isEmpty()) {
                out.append('\n');
                writeList((List<?>) item, indent + 2, out);
            } else {
                out.append(scalar(item)).append('\n');
            }
        }
    }

    private static String key(String key) {
        boolean plain = PLAIN_SAFE.matcher(key).matches();
        if (plain) {
            try {
                plain = YamlScalars.plainKey(key).equals(key);
            } catch (IllegalArgumentException e) {
                plain = false;
            }
        }
        return plain ? key : quote(key);
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "{}";
        }
        if (value instanceof List) {
            return "[]";
        }
        if (value instanceof String) {
            String s = (String) value;
            return !s.isEmpty() && PLAIN_SAFE.matcher(s).matches() && s.equals(YamlScalars.plain(s)) ? s : quote(s);
        }
        if (value instanceof Double) {
            return Double.toString((Double) value);
        }
        return String.valueOf(value);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0xfeff) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
