package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.resource.Manifest;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Size checks on rendered objects (RD-03): any object over {@link YamlLimits#maxObjectBytes()} and a ConfigMap or
 * Secret over {@link YamlLimits#maxConfigObjectBytes()} are "too large" before anything is applied. A size is the
 * number of UTF-8 bytes of the object's canonical JSON ({@link Manifest#canonicalJson()}), the encoding the API server
 * receives, stores and limits; it is counted by walking the tree, without writing the JSON. Stateless.
 */
final class ObjectSizes {
    private ObjectSizes() {}

    /** @throws RenderException with reason {@link Reason#LIMIT} naming the object (never its content) */
    static void check(Manifest manifest, YamlLimits limits) {
        String kind = manifest.kind();
        boolean config = manifest.apiVersion().equals("v1") && (kind.equals("ConfigMap") || kind.equals("Secret"));
        int limit = config ? limits.maxConfigObjectBytes() : limits.maxObjectBytes();
        long size = canonicalUtf8Length(manifest.tree());
        if (size > limit) {
            throw new RenderException(Reason.LIMIT, manifest.origin().file(), 0, kind + " " + manifest.name()
                    + " too large: " + size + " bytes, the limit is " + limit, null);
        }
    }

    /**
     * The length in UTF-8 bytes of {@link io.gitops4j.api.resource.JsonTrees#canonicalJson(Object)} of a tree,
     * computed by walking it: key order does not change the length, so nothing is sorted or written.
     */
    static long canonicalUtf8Length(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String) {
            return stringLength((String) value);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 4 : 5;
        }
        if (value instanceof Long) {
            return longLength((Long) value);
        }
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            long[] total = {2 + Math.max(0, map.size() - 1)};
            map.forEach((k, v) -> total[0] += stringLength((String) k) + 1 + canonicalUtf8Length(v));
            return total[0];
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            long total = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                total += canonicalUtf8Length(item);
            }
            return total;
        }
        if (value instanceof Double) {
            double d = (Double) value;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? longLength((long) d) : Double.toString(d).length();
        }
        if (value instanceof BigInteger) {
            return value.toString().length();
        }
        return String.valueOf(value).length();
    }

    private static long longLength(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        long n = v < 0 ? 2 : 1;
        for (long x = Math.abs(v); x >= 10; x /= 10) {
            n++;
        }
        return n;
    }

    /**
     * A JSON string's UTF-8 bytes with its quotes and escapes. ASCII is one byte; two for a quote, a backslash and the
     * two-character escapes of newline, return, tab, backspace and form feed; six for the other control characters
     * (four-hex-digit escapes). U+0080 to U+07FF take two bytes, the rest of the basic plane three, a surrogate pair
     * (a code point above U+FFFF) four. A lone surrogate cannot be encoded; it counts three, as the replacement
     * character U+FFFD it would become.
     */
    private static long stringLength(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20) {
                    n += c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : 6;
                } else {
                    n += c == '"' || c == '\\' ? 2 : 1;
                }
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
